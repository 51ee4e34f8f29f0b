package io.loanofficer.gateway.transcript;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

@Configuration(proxyBeanMethods = false)
public class TranscriptConfiguration {

  @Bean
  TranscriptReader transcriptReader(ConsumerFactory<?, ?> consumers) {
    return new TranscriptReader(consumers);
  }
}
