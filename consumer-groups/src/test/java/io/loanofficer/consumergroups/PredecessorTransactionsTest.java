package io.loanofficer.consumergroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A crashed instance's transaction, left open under a stable transactional id, holds back every
 * read_committed reader of its partition until the broker's timeout (60 s here). The restarted
 * instance's start-up fencing aborts it at once.
 */
class PredecessorTransactionsTest {

  private static final String TOPIC = "fencing";
  private static EmbeddedKafkaKraftBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1"));
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stop() {
    broker.destroy();
  }

  @Test
  void aRestartedInstanceAbortsWhatItsPredecessorLeftOpenUnderTheSameIds() throws Exception {
    // the predecessor: suffixes 0 and 1 in use, suffix 1 mid-transaction when it "dies" (never closed)
    KafkaProducer<String, String> crashed = producer("tool-worker-w1-1");
    crashed.initTransactions();
    crashed.beginTransaction();
    crashed.send(new ProducerRecord<>(TOPIC, "k", "never committed")).get();
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    assertThat(lastStableOffset(partition)).as("the open transaction holds readers back").isZero();

    DefaultKafkaProducerFactory<String, String> restarted = new DefaultKafkaProducerFactory<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(), new StringSerializer());
    restarted.setTransactionIdPrefix("tool-worker-w1-");
    long started = System.nanoTime();
    PredecessorTransactions.fence(restarted, 2);

    // aborted now, not at the 60 s timeout: the record and its abort marker are behind the readers
    assertThat(lastStableOffset(partition)).isEqualTo(2);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(30_000);
    assertThatThrownBy(crashed::commitTransaction).isInstanceOf(ProducerFencedException.class);
    crashed.close(java.time.Duration.ZERO);
    restarted.destroy();
  }

  private static KafkaProducer<String, String> producer(String transactionalId) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(), new StringSerializer());
  }

  private static long lastStableOffset(TopicPartition partition) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      return consumer.endOffsets(List.of(partition)).get(partition);
    }
  }
}
