package io.loanofficer.gateway.reveal;

import io.micrometer.observation.ObservationRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RevealProperties.class)
public class RevealConfiguration {

  @Bean
  WorkerRevealClient workerRevealClient(RevealProperties properties, SslBundles bundles, ObservationRegistry observations) {
    boolean tls = properties.sslBundle() != null && !properties.sslBundle().isBlank();
    return new WorkerRevealClient(properties, tls ? bundles.getBundle(properties.sslBundle()).createSslContext() : null,
        observations);
  }

  @Bean
  RevealForwarder revealForwarder(KafkaTemplate<String, SpecificRecord> kafka) {
    return new RevealForwarder(kafka);
  }
}
