package io.loanofficer.gateway.transcript;

import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Rebuilds conversations from chat.turns and chat.replies. Both are keyed by conversationId, so one
 * conversation lives in one partition of each: reading it is a bounded scan of two partitions up to
 * their current end. Listing conversations scans the newest {@code maxRecordsPerPartition} records
 * of every partition (bounded; the audit topic, not this, is the record of everything).
 */
public class TranscriptReader {

  private static final Duration SCAN_DEADLINE = Duration.ofSeconds(10);

  private final ConsumerFactory<?, ?> consumers;

  public TranscriptReader(ConsumerFactory<?, ?> consumers) {
    this.consumers = consumers;
  }

  /** The conversation's turns and replies; empty lists when there are none. */
  public Conversation read(String conversationId) {
    List<ChatTurnSubmitted> turns = new ArrayList<>();
    List<ChatReplyProduced> replies = new ArrayList<>();
    try (Consumer<String, Object> consumer = newConsumer()) {
      scan(consumer, List.of(partitionOf(consumer, Topic.CHAT_TURNS, conversationId)), Long.MAX_VALUE, (key, value) -> {
        if (conversationId.equals(key) && value instanceof ChatTurnSubmitted turn) {
          turns.add(turn);
        }
      });
      scan(consumer, List.of(partitionOf(consumer, Topic.CHAT_REPLIES, conversationId)), Long.MAX_VALUE, (key, value) -> {
        if (conversationId.equals(key) && value instanceof ChatReplyProduced reply) {
          replies.add(reply);
        }
      });
    }
    return new Conversation(conversationId, turns, replies);
  }

  /** The conversations found in the newest records of every partition, in order of first appearance. */
  public List<Conversation> recent(long maxRecordsPerPartition) {
    Map<String, Conversation> found = new LinkedHashMap<>();
    try (Consumer<String, Object> consumer = newConsumer()) {
      scan(consumer, allPartitions(consumer, Topic.CHAT_TURNS), maxRecordsPerPartition, (key, value) -> {
        if (key != null && value instanceof ChatTurnSubmitted turn) {
          found.computeIfAbsent(key, id -> new Conversation(id, new ArrayList<>(), new ArrayList<>())).turns().add(turn);
        }
      });
      scan(consumer, allPartitions(consumer, Topic.CHAT_REPLIES), maxRecordsPerPartition, (key, value) -> {
        Conversation conversation = key == null ? null : found.get(key);
        if (conversation != null && value instanceof ChatReplyProduced reply) {
          conversation.replies().add(reply);
        }
      });
    }
    return List.copyOf(found.values());
  }

  private void scan(Consumer<String, Object> consumer, List<TopicPartition> partitions, long maxRecords,
      BiConsumer<String, Object> sink) {
    consumer.assign(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    for (TopicPartition partition : partitions) {
      long from = maxRecords == Long.MAX_VALUE ? begin.get(partition) : Math.max(begin.get(partition), end.get(partition) - maxRecords);
      consumer.seek(partition, from);
    }
    long deadline = System.nanoTime() + SCAN_DEADLINE.toNanos();
    while (!reachedEnd(consumer, partitions, end) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          sink.accept(record.key(), record.value());
        }
      }
    }
  }

  private static boolean reachedEnd(Consumer<String, Object> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
  }

  private static List<TopicPartition> allPartitions(Consumer<String, Object> consumer, Topic topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    int count = partitionCount(consumer, topic);
    for (int p = 0; p < count; p++) {
      partitions.add(new TopicPartition(topic.topicName(), p));
    }
    return partitions;
  }

  /** The partition Kafka's default partitioner gives the key (the same rule as AuditKeys). */
  private static TopicPartition partitionOf(Consumer<String, Object> consumer, Topic topic, String conversationId) {
    return new TopicPartition(topic.topicName(), AuditKeys.partition(conversationId, partitionCount(consumer, topic)));
  }

  /** The topic's real partition count (a cluster may have grown it beyond the catalogue's). */
  private static int partitionCount(Consumer<String, Object> consumer, Topic topic) {
    return consumer.partitionsFor(topic.topicName()).size();
  }

  @SuppressWarnings("unchecked")
  private Consumer<String, Object> newConsumer() {
    Properties overrides = new Properties();
    overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    return (Consumer<String, Object>) consumers.createConsumer(null, "transcript", null, overrides);
  }
}
