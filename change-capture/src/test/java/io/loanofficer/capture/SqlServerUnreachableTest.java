package io.loanofficer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.TopicProvisioner;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What runs of the SQL Server source without a SQL Server: Debezium's SQL Server connector (3.6.1) takes
 * the whole configuration compose gives it (schema history in Kafka, driver properties, include and
 * exclude lists) and stops only at the connection, with its own reason, which the capture reports and
 * survives closing. The real server: {@link SqlServerChangeCaptureTest}.
 */
class SqlServerUnreachableTest {

  @Test
  void anUnreachableServerStopsTheCaptureWithTheConnectorsReasonAndNothingElseIsInvalid() throws Exception {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
        TopicProvisioner.ensureTopics(admin, (short) 1);
      }
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      CaptureSettings settings = CaptureSettings.fromEnvironment(Map.of("LENDING_DB_KIND", "sqlserver",
          "LENDING_DB_PORT", Integer.toString(closedPort), "LENDING_DB_USER", "sa", "LENDING_DB_PASSWORD", "Not-a-pw-1",
          "LENDING_DB_JDBC_PROPERTIES", "encrypt=true;trustServerCertificate=true",
          "KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString()));

      ChangeCapture capture = ChangeCapture.start(settings, Clock.systemUTC());

      assertThatThrownBy(() -> capture.awaitStreaming(Duration.ofSeconds(20)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Change capture failed")
          .cause()
          .hasMessageStartingWith("Connector configuration is not valid. Unable to connect. Check this and other"
              + " connection properties. Error: The TCP/IP connection to the host 127.0.0.1, port " + closedPort
              + " has failed.")
          .message().doesNotContain("Not-a-pw-1");
      assertThat(capture.failure()).isNotNull();
      capture.close();
      assertThat(capture.publisher().sent()).isZero();
    } finally {
      broker.destroy();
    }
  }
}
