package io.loanofficer.gateway.testing;

import io.loanofficer.events.topics.TopicProvisioner;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/** Creates the catalogue's topics on the embedded broker while the context starts (before any listener). */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaTopics {

  /** A marker bean; creating it provisions the topics. */
  public record Provisioned(String bootstrapServers) {}

  @Bean
  Provisioned provisionedTopics(EmbeddedKafkaBroker broker) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    return new Provisioned(broker.getBrokersAsString());
  }
}
