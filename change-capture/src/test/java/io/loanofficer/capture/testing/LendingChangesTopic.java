package io.loanofficer.capture.testing;

import static org.awaitility.Awaitility.await;

import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * lending.changes as a read_committed reader sees it, for the change-capture tests of every source
 * database (PostgreSQL in infra, SQL Server here): the whole topic each time, so that a repeated or
 * a late record shows.
 */
public final class LendingChangesTopic {

  private static final EventSerde SERDE = new EventSerde();

  private LendingChangesTopic() {}

  /** Every committed record up to the end offsets now, decoded, in source position order. */
  public static List<ConsumerRecord<String, LendingChangeCaptured>> readCommitted(String bootstrapServers) {
    List<ConsumerRecord<String, LendingChangeCaptured>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < Topic.LENDING_CHANGES.partitions(); p++) {
        partitions.add(new TopicPartition(Topic.LENDING_CHANGES.topicName(), p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      await("reading lending.changes to " + ends).atMost(Duration.ofSeconds(20)).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
              all.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                  r.serializedKeySize(), r.serializedValueSize(), r.key(),
                  SERDE.decode(r.value(), LendingChangeCaptured.class), r.headers(), r.leaderEpoch()));
            }
            return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
          });
    }
    all.sort(Comparator.comparing(r -> r.value().getSourcePosition()));
    return all;
  }
}
