package io.loanofficer.kafkasecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The variables reach every client Spring Boot's KafkaProperties builds, as the services' clients are built. */
class KafkaSecurityEnvironmentTest {

  private static StandardEnvironment environment(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
    new KafkaSecurityEnvironment().postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }

  @Test
  void saslSslVariablesReachConsumersProducersAndTheAdmin() {
    StandardEnvironment environment = environment(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "KAFKA_SASL_USERNAME", "gateway", "KAFKA_SASL_PASSWORD", "s3cret",
        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/trust.p12", "KAFKA_SSL_TRUSTSTORE_PASSWORD", "t"));

    KafkaProperties kafka = Binder.get(environment).bind("spring.kafka", KafkaProperties.class).get();

    for (Map<String, Object> client : new Map[] {kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
        kafka.buildAdminProperties()}) {
      assertThat(client).containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
              + " username=\"gateway\" password=\"s3cret\";")
          .containsEntry("ssl.truststore.location", "/etc/kafka/trust.p12")
          .containsEntry("ssl.truststore.type", "PKCS12");
    }
  }

  @Test
  void withoutVariablesNothingIsAdded() {
    StandardEnvironment environment = environment(Map.of());

    assertThat(environment.getPropertySources().contains(KafkaSecurityEnvironment.SOURCE)).isFalse();
    KafkaProperties kafka = Binder.get(environment).bindOrCreate("spring.kafka", KafkaProperties.class);
    assertThat(kafka.buildConsumerProperties()).doesNotContainKey("security.protocol");
  }

  @Test
  void aSettingThatCannotWorkStopsTheStart() {
    assertThatThrownBy(() -> environment(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
        .hasMessage("KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
  }
}
