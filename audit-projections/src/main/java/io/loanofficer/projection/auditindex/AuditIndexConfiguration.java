package io.loanofficer.projection.auditindex;

import io.loanofficer.projection.ProjectionConsumers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit indexer runs in every orchestrator instance (the audit-index group shares the
 * partitions); {@code audit.indexer.enabled=false} turns it off, and replays then scan. Its
 * producer is its own, not a bean, like the SIEM forwarder's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "audit.indexer.enabled", havingValue = "true", matchIfMissing = true)
public class AuditIndexConfiguration {

  @Bean
  AuditIndexer auditIndexer(KafkaProperties kafka, ProjectionConsumers consumers,
      @Value("${audit.indexer.group-id:audit-index}") String groupId) {
    return new AuditIndexer(consumers.properties(), kafka.buildProducerProperties(), groupId);
  }
}
