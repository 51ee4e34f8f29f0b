package io.loanofficer.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * What every service shares for traces and metrics: the span exporter chosen by {@code tracing.export}
 * (Boot's OpenTelemetry tracing batches the spans to it), the current trace id for events and audit
 * records ({@link TraceIds}), and the consumer lag of the service's groups ({@link ConsumerGroupLag}).
 * Kafka's record observations, the sampling rate and the Prometheus endpoint are set in
 * {@code observability.yml}, which each service imports. Boot's switch {@code management.tracing.export.enabled}
 * (off in Spring Boot tests) turns the exporters off too.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

  @Bean
  TraceIds traceIds(ObjectProvider<Tracer> tracer) {
    return new TraceIds(tracer.getIfAvailable(() -> Tracer.NOOP));
  }

  /** The run command's Zipkin (in memory, UI on :9411). */
  @Bean(destroyMethod = "shutdown")
  @ConditionalOnProperty(name = "tracing.export", havingValue = "zipkin")
  @ConditionalOnEnabledTracingExport("zipkin")
  ZipkinSpanExporter zipkinSpanExporter(@Value("${tracing.zipkin-endpoint}") String endpoint) {
    return ZipkinSpanExporter.builder().setEndpoint(endpoint).build();
  }

  /** An OpenTelemetry collector (OTLP over HTTP), as in compose and Kubernetes. */
  @Bean(destroyMethod = "shutdown")
  @ConditionalOnProperty(name = "tracing.export", havingValue = "otlp")
  @ConditionalOnEnabledTracingExport("otlp")
  OtlpHttpSpanExporter otlpSpanExporter(@Value("${tracing.otlp-endpoint}") String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
  }

  /**
   * For a batch listener whose records {@link ConsumedRecords} observes: the container's own timer of
   * each batch is named as the records' observations ({@code spring.kafka.listener}) but with other
   * tags, and Prometheus keeps only the first set of tag keys a name is registered with, so the
   * records' timers were dropped (with a warning at the first record). The records' timers stay.
   */
  @Bean(ConsumedRecords.BATCH_CONTAINER)
  ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> recordObservedBatchContainer() {
    return container -> container.getContainerProperties().setMicrometerEnabled(false);
  }

  /**
   * JDBC work outside any observed work (the migrations and seed at start) would be a trace per
   * statement: only queries that some span caused (a tool call, a reveal) are observed.
   */
  @Bean
  ObservationPredicate jdbcOnlyWithinObservedWork() {
    return (name, context) -> !name.startsWith("jdbc.") || context.getParentObservation() != null;
  }

  /** Probes and scrapes (/actuator/**) are no turn's business: no trace and no request timer for them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ServerRequestObservationContext.class)
  static class ActuatorRequests {

    @Bean
    ObservationPredicate actuatorRequestsUnobserved() {
      return (name, context) -> !(context instanceof ServerRequestObservationContext request
          && request.getCarrier() != null && request.getCarrier().getRequestURI().startsWith("/actuator"));
    }
  }

  @Bean
  @ConditionalOnBean(KafkaAdmin.class)
  ConsumerGroupLag consumerGroupLag(KafkaAdmin kafkaAdmin, ObjectProvider<KafkaListenerEndpointRegistry> listeners,
      ObservabilityProperties properties, MeterRegistry meters) {
    return new ConsumerGroupLag(kafkaAdmin.getConfigurationProperties(), listeners, properties.lagGroups(),
        properties.lagInterval(), meters);
  }
}
