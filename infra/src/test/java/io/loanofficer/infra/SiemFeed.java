package io.loanofficer.infra;

import static org.awaitility.Awaitility.await;

import io.loanofficer.projection.siem.EcsMapper;
import io.loanofficer.projection.siem.EcsValidator;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole SIEM feed of a running system: every committed audit.events record, the audit.siem
 * document of each (waited for: the forwarder runs behind), and all of them validated against the
 * vendored ECS reference of the declared version.
 */
final class SiemFeed {

  /** What was read and found: audit keys, documents by Kafka key, documents seen twice, the ECS report. */
  record Check(Set<String> auditKeys, Map<String, JsonNode> documents, int copies, EcsValidator.Report report) {
    @Override
    public String toString() {
      Map<String, Long> byAction = new TreeMap<>(documents.values().stream()
          .collect(Collectors.groupingBy(d -> d.path("event").path("action").asString(), Collectors.counting())));
      return auditKeys.size() + " audit records, " + documents.size() + " SIEM documents (" + copies + " copies) "
          + byAction + "; " + report;
    }
  }

  private SiemFeed() {}

  /** Reads audit.events to its end, then audit.siem until it has a document for each record (or the timeout). */
  static Check check(String bootstrapServers, Duration timeout) {
    Set<String> auditKeys = new TreeSet<>();
    readToEnd(bootstrapServers, Topic.AUDIT_EVENTS, new ByteArrayDeserializer(), (key, value) -> auditKeys.add(key));
    Map<String, JsonNode> documents = new LinkedHashMap<>();
    int[] copies = {0};
    try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers, new StringDeserializer())) {
      List<TopicPartition> partitions = partitions(Topic.AUDIT_SIEM);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!documents.keySet().containsAll(auditKeys) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (documents.put(record.key(), JsonMapper.shared().readTree(record.value())) != null) {
            copies[0]++;
          }
        }
      }
    }
    EcsValidator validator = EcsValidator.forVersion(EcsMapper.ECS_VERSION);
    return new Check(auditKeys, documents, copies[0], validator.validateAll(documents));
  }

  private static <V> void readToEnd(String bootstrapServers, Topic topic, Deserializer<V> values,
      BiConsumer<String, V> each) {
    try (KafkaConsumer<String, V> consumer = consumer(bootstrapServers, values)) {
      List<TopicPartition> partitions = partitions(topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await("reading " + topic.topicName() + " to " + end).atMost(Duration.ofSeconds(30)).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
              return true;
            }
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
              each.accept(record.key(), record.value());
            }
            return false;
          });
    }
  }

  private static <V> KafkaConsumer<String, V> consumer(String bootstrapServers,
      Deserializer<V> values) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
  }

  private static List<TopicPartition> partitions(Topic topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < topic.partitions(); p++) {
      partitions.add(new TopicPartition(topic.topicName(), p));
    }
    return partitions;
  }
}
