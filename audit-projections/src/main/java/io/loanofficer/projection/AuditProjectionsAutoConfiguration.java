package io.loanofficer.projection;

import io.loanofficer.consumergroups.ConsumerGroupsAutoConfiguration;
import io.loanofficer.consumergroups.GroupMembership;
import io.loanofficer.projection.auditindex.AuditIndexConfiguration;
import io.loanofficer.projection.siem.SiemConfiguration;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The audit projections (the SIEM feed, the replay index) in a process that asks for them with
 * {@code audit.projections.enabled=true}: the orchestrator does, in its own configuration. Off by
 * default because being on the classpath is not enough: the end-to-end tests run the gateway and the
 * tool workers on the same classpath, and those must not join the projections' groups. Each
 * projection keeps its own switch ({@code siem.forwarder.enabled}, {@code audit.indexer.enabled}).
 */
@AutoConfiguration(after = ConsumerGroupsAutoConfiguration.class,
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnProperty(name = "audit.projections.enabled", havingValue = "true")
@Import({SiemConfiguration.class, AuditIndexConfiguration.class})
public class AuditProjectionsAutoConfiguration {

  @Bean
  ProjectionConsumers projectionConsumers(KafkaProperties kafka, GroupMembership membership,
      @Value("${audit.projections.batch-wait:500ms}") Duration batchWait) {
    return new ProjectionConsumers(kafka, membership, batchWait);
  }
}
