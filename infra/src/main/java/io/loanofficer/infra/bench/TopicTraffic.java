package io.loanofficer.infra.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a measured window wrote, by topic. The end offset (high watermark) of each partition is read
 * at the start and the end of the window; their difference counts every log entry: data records,
 * aborted records and transaction markers (one per partition a transaction wrote to). The data
 * records that committed are counted by reading that offset range read_committed (after the load
 * has stopped, when every transaction has ended); the rest are markers (plus aborted records, which
 * a healthy run does not have). Internal topics (__consumer_offsets, __transaction_state) get only
 * the difference: their log entries (offset commits, transaction state changes, markers).
 */
final class TopicTraffic {

  /** One topic's window: committed data records (-1: not counted) and all log entries. */
  record Count(long records, long entries) {
    long markers() {
      return records < 0 ? -1 : entries - records;
    }
  }

  private TopicTraffic() {}

  static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
    Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
    Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    topics.values().forEach(t -> t.partitions().forEach(p -> request.put(new TopicPartition(t.name(), p.partition()),
        OffsetSpec.latest())));
    return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /** The window's counts by topic, topics that got nothing left out; reading stops at {@code timeout}. */
  static Map<String, Count> between(String bootstrap, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end,
      Duration timeout) {
    Map<TopicPartition, Long> from = new HashMap<>();
    Map<String, Long> entries = new TreeMap<>();
    end.forEach((tp, to) -> {
      long delta = to - start.getOrDefault(tp, 0L);
      if (delta > 0) {
        entries.merge(tp.topic(), delta, Long::sum);
        if (!tp.topic().startsWith("__")) {
          from.put(tp, start.getOrDefault(tp, 0L));
        }
      }
    });
    Map<String, Long> records = new HashMap<>();
    if (!from.isEmpty()) {
      var settings = BareChain.consumerSettings(bootstrap, null);
      settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && from.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (record.offset() < end.get(tp)) {
              records.merge(record.topic(), 1L, Long::sum);
            }
          }
        }
      }
    }
    Map<String, Count> counts = new TreeMap<>();
    entries.forEach((topic, n) -> counts.put(topic,
        new Count(topic.startsWith("__") ? -1 : records.getOrDefault(topic, 0L), n)));
    return counts;
  }
}
