package io.loanofficer.projection.siem;

import io.loanofficer.projection.ProjectionConsumers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SIEM feed runs in every orchestrator instance (the audit-siem group shares the partitions);
 * {@code siem.forwarder.enabled=false} turns it off. Its producer is its own, not a bean: Boot's
 * Avro producer factory and template stay the orchestrator's only ones.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "siem.forwarder.enabled", havingValue = "true", matchIfMissing = true)
public class SiemConfiguration {

  @Bean
  SiemForwarder siemForwarder(KafkaProperties kafka, ProjectionConsumers consumers,
      @Value("${siem.forwarder.group-id:audit-siem}") String groupId) {
    return new SiemForwarder(consumers.properties(), kafka.buildProducerProperties(), groupId);
  }
}
