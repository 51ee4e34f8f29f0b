package io.loanofficer.capture;

import io.loanofficer.events.transport.KafkaClientSecurity;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.serde.EventSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The highest source position already committed to lending.changes: the last committed record of
 * every partition, read with read_committed (aborted records and transaction markers do not count).
 */
final class PublishedPositions {

  private static final int WINDOW = 64;

  private PublishedPositions() {}

  /** The highest position as the events carry it ({@link PositionOrder#NONE} on an empty topic). */
  static String highest(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "change-capture-positions");
    props.putAll(KafkaClientSecurity.fromEnvironment());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      EventSerde serde = new EventSerde();
      String highest = PositionOrder.NONE;
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      // the end offset under read_committed is the last stable offset
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      for (TopicPartition partition : partitions) {
        ConsumerRecord<String, byte[]> last = lastRecord(consumer, partition, ends.get(partition));
        if (last != null) {
          String position = serde.decode(last.value(), LendingChangeCaptured.class).getSourcePosition();
          if (PositionOrder.isAfter(position, highest)) {
            highest = position;
          }
        }
      }
      return highest;
    }
  }

  /** Reads backwards in growing windows until a committed record shows up (or the partition's start). */
  private static ConsumerRecord<String, byte[]> lastRecord(KafkaConsumer<String, byte[]> consumer,
      TopicPartition partition, long end) {
    consumer.assign(List.of(partition));
    long begin = consumer.beginningOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
    long window = WINDOW;
    long to = end;
    while (to > begin) {
      long from = Math.max(begin, to - window);
      consumer.seek(partition, from);
      ConsumerRecord<String, byte[]> last = null;
      while (consumer.position(partition) < to) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
          if (record.offset() < to && record.value() != null) {
            last = record;
          }
        }
      }
      if (last != null) {
        return last;
      }
      to = from;
      window *= 4;
    }
    return null;
  }
}
