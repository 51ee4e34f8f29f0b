package io.loanofficer.kafkasecurity;

import io.loanofficer.events.transport.KafkaClientSecurity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts {@link KafkaClientSecurity}'s properties (from {@code KAFKA_SECURITY_PROTOCOL}, {@code
 * KAFKA_SASL_*}, {@code KAFKA_SSL_*}) under {@code spring.kafka.properties}, which Spring Boot gives
 * every client it builds: the listeners' consumers, the transactional producers, the admin, and the
 * clients the services build themselves from {@code KafkaProperties} (state loader, signal publisher,
 * SIEM feed, replay index, audit reader, dead-letter publisher). One place, every service. A setting
 * that cannot work stops the service at start with the variable's name.
 */
public class KafkaSecurityEnvironment implements EnvironmentPostProcessor {

  static final String SOURCE = "kafkaClientSecurity";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> properties = new LinkedHashMap<>();
    KafkaClientSecurity.properties(environment::getProperty)
        .forEach((name, value) -> properties.put("spring.kafka.properties[" + name + "]", value));
    if (!properties.isEmpty()) {
      // first: the environment's settings win over anything a service's YAML might say
      environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, properties));
    }
  }
}
