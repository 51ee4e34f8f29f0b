package io.loanofficer.projection;

import static org.awaitility.Awaitility.await;

import io.loanofficer.audit.AuditIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a projection committed, as a read_committed reader sees it: for the projections' tests. */
public final class CommittedRecords {

  private CommittedRecords() {}

  /** Every committed record of one partition, from its beginning to its end offset at the time of the call. */
  public static List<ConsumerRecord<String, byte[]>> of(String bootstrapServers, String topic, int partition) {
    return of(bootstrapServers, topic, partition, new ByteArrayDeserializer());
  }

  /** {@link #of(String, String, int)} with the values read by {@code values}. */
  public static <V> List<ConsumerRecord<String, V>> of(String bootstrapServers, String topic, int partition,
      Deserializer<V> values) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values)) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<String, V>> records = new ArrayList<>();
      await("reading " + tp + " to offset " + end).atMost(Duration.ofSeconds(20)).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            if (consumer.position(tp) < end) {
              consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return consumer.position(tp) >= end;
          });
      return records;
    }
  }

  /** One partition of an audit index topic, as committed. */
  public static AuditIndex.PartitionState index(String bootstrapServers, String topic, int partition) {
    AuditIndex.PartitionState state = new AuditIndex.PartitionState(partition);
    of(bootstrapServers, topic, partition).forEach(state::apply);
    return state;
  }
}
