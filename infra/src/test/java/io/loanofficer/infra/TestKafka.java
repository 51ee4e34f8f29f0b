package io.loanofficer.infra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loanofficer.events.topics.SingleNodeBroker;
import java.util.Locale;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka an end-to-end test runs against. By default a KRaft broker embedded in the test JVM; with
 * {@code -Dkafka.container=true} (the Testcontainers lane, docs/testing-lanes.md) a broker in a
 * Docker container of the same Kafka release, where a Docker engine answers; without one the test is
 * skipped, saying why. Both carry {@link SingleNodeBroker#SETTINGS}.
 */
interface TestKafka extends AutoCloseable {

  String LANE_PROPERTY = "kafka.container";
  /** The Kafka release of our clients (kafka-clients 4.1.x). */
  String IMAGE = "apache/kafka:4.1.1";

  String bootstrapServers();

  @Override
  void close();

  static boolean containerLane() {
    return Boolean.parseBoolean(System.getProperty(LANE_PROPERTY, "false"));
  }

  static TestKafka start() {
    if (containerLane()) {
      // classes on the lane carry @ExtendWith(KafkaLane.class), which skips them visibly first
      assumeTrue(DockerClientFactory.instance().isDockerAvailable(), KafkaLane.NO_DOCKER);
      KafkaContainer container = new KafkaContainer(IMAGE);
      // broker settings by environment, as the apache/kafka image reads them (a.b.c -> KAFKA_A_B_C)
      SingleNodeBroker.SETTINGS.forEach((name, value) ->
          container.withEnv("KAFKA_" + name.replace('.', '_').toUpperCase(Locale.ROOT), value));
      container.start();
      return new TestKafka() {
        @Override
        public String bootstrapServers() {
          return container.getBootstrapServers();
        }

        @Override
        public void close() {
          container.stop();
        }
      };
    }
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    return new TestKafka() {
      @Override
      public String bootstrapServers() {
        return broker.getBrokersAsString();
      }

      @Override
      public void close() {
        broker.destroy();
      }
    };
  }
}
