package io.loanofficer.gateway.audit;

import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.gateway.GatewayProperties;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import io.loanofficer.observability.TraceIds;
import io.loanofficer.observability.AuditMeters;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
public class GatewayAuditConfiguration {

  /**
   * Reads audit chains (examiner replay; resuming this gateway's own chain) through audit.index,
   * keeping what it read of the index and its consumers between reads; closed with the context.
   */
  @Bean
  AuditLogReader auditLogReader(KafkaProperties kafka) {
    return AuditLogReader.longLived(kafka.buildConsumerProperties());
  }

  @Bean
  GatewayAuditTrail gatewayAuditTrail(KafkaTemplate<String, SpecificRecord> kafka, AuditLogReader reader,
      GatewayProperties gateway, TraceIds traceIds, MeterRegistry meters) {
    return new GatewayAuditTrail(kafka, reader, gateway.instanceId(), Clock.systemUTC(), traceIds,
        AuditMeters.written(meters, "gateway"));
  }
}
