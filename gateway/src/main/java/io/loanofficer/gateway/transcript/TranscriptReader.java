package io.loanofficer.gateway.transcript;

import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Rebuilds conversations from chat.turns and chat.replies, for resuming them (their short retention
 * suits that; the audit topic, not this, is the record of everything). Both are keyed by
 * conversationId, so one conversation lives in one partition of each: reading it is a bounded scan
 * of two partitions up to their current end.
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
    try (Consumer<String, SpecificRecord> consumer = newConsumer()) {
      scan(consumer, partitionOf(consumer, Topic.CHAT_TURNS, conversationId), conversationId,
          value -> Topics.CHAT_TURNS.accept(value, turns::add, reveal -> { }));
      scan(consumer, partitionOf(consumer, Topic.CHAT_REPLIES, conversationId), conversationId,
          value -> Topics.CHAT_REPLIES.accept(value, replies::add, progress -> { }, alert -> { }));
    }
    return new Conversation(conversationId, turns, replies);
  }

  /** Hands the conversation's readable values of the partition, up to its current end, to the sink. */
  private void scan(Consumer<String, SpecificRecord> consumer, TopicPartition partition, String conversationId,
      java.util.function.Consumer<SpecificRecord> sink) {
    consumer.assign(List.of(partition));
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    consumer.seekToBeginning(List.of(partition));
    long deadline = System.nanoTime() + SCAN_DEADLINE.toNanos();
    while (consumer.position(partition) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
        // null: a value this release cannot read (ErrorHandlingDeserializer)
        if (record.offset() < end && conversationId.equals(record.key()) && record.value() != null) {
          sink.accept(record.value());
        }
      }
    }
  }

  /** The partition Kafka's default partitioner gives the key (the same rule as AuditKeys). */
  private static TopicPartition partitionOf(Consumer<String, SpecificRecord> consumer, Topic topic, String conversationId) {
    return new TopicPartition(topic.topicName(), AuditKeys.partition(conversationId, partitionCount(consumer, topic)));
  }

  /** The topic's real partition count (a cluster may have grown it beyond the catalogue's). */
  private static int partitionCount(Consumer<String, SpecificRecord> consumer, Topic topic) {
    return consumer.partitionsFor(topic.topicName()).size();
  }

  @SuppressWarnings("unchecked")
  private Consumer<String, SpecificRecord> newConsumer() {
    Properties overrides = new Properties();
    overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    return (Consumer<String, SpecificRecord>) consumers.createConsumer(null, "transcript", null, overrides);
  }
}
