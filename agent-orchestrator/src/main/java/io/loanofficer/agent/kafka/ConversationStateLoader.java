package io.loanofficer.agent.kafka;

import io.loanofficer.events.ConversationState;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads partitions of the compacted agent.conversations topic to their end (read_committed): the
 * newest committed state of each conversation of those partitions. A conversation whose newest state
 * this release cannot decode (written by a newer release, or damaged) is reported, never treated as
 * new: starting it afresh would restart its audit chain at seq 1 under records already written, a
 * fork (the previous release did so in the fault run of 2026-12-01, docs/reliability.md).
 */
public class ConversationStateLoader {

  private static final Logger log = LoggerFactory.getLogger(ConversationStateLoader.class);

  private final Map<String, Object> consumerConfig;
  private final EventSerde serde = new EventSerde();

  public ConversationStateLoader(Map<String, Object> consumerConfig) {
    this.consumerConfig = consumerConfig;
  }

  /** The readable states of some partitions, and the partitions that hold a state this release cannot read. */
  public record Restored(Collection<ConversationState> states, Set<Integer> unreadablePartitions) {}

  public Restored load(Collection<Integer> partitionNumbers) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, ConversationState> states = new HashMap<>();
    Map<String, Integer> unreadable = new HashMap<>();
    String topic = Topic.AGENT_CONVERSATIONS.topicName();
    List<TopicPartition> partitions = partitionNumbers.stream().map(p -> new TopicPartition(topic, p)).toList();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          unreadable.remove(record.key());
          if (record.value() == null) {
            states.remove(record.key());
            continue;
          }
          try {
            states.put(record.key(), serde.decode(record.value(), ConversationState.class));
          } catch (SerializationException e) {
            states.remove(record.key());
            unreadable.put(record.key(), record.partition());
            log.error("Cannot read the state at {}-{} offset {}: {}", record.topic(), record.partition(),
                record.offset(), e.getMessage());
          }
        }
      }
    }
    log.info("Restored {} conversations of partitions {}", states.size(), partitionNumbers);
    return new Restored(List.copyOf(states.values()), Set.copyOf(unreadable.values()));
  }
}
