package io.loanofficer.projection.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.projection.CommittedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SIEM projection on a real broker: one document per committed audit record, none for an
 * aborted one, each keeping its record's traceparent; a forwarder started again in the same group
 * goes on from the committed offsets, so no record is forwarded twice or missed.
 */
class SiemForwarderKafkaTest {

  private static final String SOURCE = "audit.events.siem-test";
  private static final String TARGET = "audit.siem.siem-test";
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static EmbeddedKafkaKraftBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      // one partition each, so that the documents' order is the records' order
      admin.createTopics(List.of(new NewTopic(SOURCE, 1, (short) 1), new NewTopic(TARGET, 1, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @Test
  void oneDocumentPerCommittedRecordAcrossARestart() {
    try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(SOURCE, "conv-1:1", null));
      producer.send(new ProducerRecord<>(SOURCE, null, "conv-1:2", null,
          List.<Header>of(new RecordHeader("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8)))));
      producer.send(new ProducerRecord<>(SOURCE, "conv-1:3", null));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(SOURCE, "conv-aborted:1", null));
      producer.abortTransaction();
    }

    runForwarder(3);
    List<ConsumerRecord<String, String>> documents = readCommitted();
    assertThat(documents).extracting(ConsumerRecord::key).containsExactly("conv-1:1", "conv-1:2", "conv-1:3");
    // each document is its record's ECS event: for a tombstone, the erasure of that record
    assertThat(documents).extracting(d -> JsonMapper.shared().readTree(d.value()).get("event").get("id").asString())
        .containsExactly("conv-1:1/erased", "conv-1:2/erased", "conv-1:3/erased");
    assertThat(documents).extracting(d -> traceparent(d)).containsExactly(null, TRACEPARENT, null);

    try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(SOURCE, "conv-1:4", null));
      producer.send(new ProducerRecord<>(SOURCE, "conv-1:5", null));
      producer.commitTransaction();
    }
    runForwarder(5);
    assertThat(readCommitted()).extracting(ConsumerRecord::key)
        .containsExactly("conv-1:1", "conv-1:2", "conv-1:3", "conv-1:4", "conv-1:5");
  }

  /** A forwarder of the group, until audit.siem holds the expected documents. */
  private static void runForwarder(int expectedDocuments) {
    SiemForwarder forwarder = new SiemForwarder(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), "siem-test", SOURCE, TARGET);
    forwarder.start();
    try {
      await("audit.siem holds " + expectedDocuments + " documents").atMost(Duration.ofSeconds(30))
          .until(() -> readCommitted().size() >= expectedDocuments);
    } finally {
      forwarder.stop();
    }
  }

  private static String traceparent(ConsumerRecord<String, String> document) {
    Header header = document.headers().lastHeader("traceparent");
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, byte[]> transactionalProducer() {
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "siem-test-writer"), new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  /** audit.siem as a read_committed reader sees it now, to its end offset. */
  private static List<ConsumerRecord<String, String>> readCommitted() {
    return CommittedRecords.of(broker.getBrokersAsString(), TARGET, 0, new StringDeserializer());
  }
}
