package io.loanofficer.gateway.reveal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RevealProperties.class)
public class RevealConfiguration {

  @Bean
  WorkerRevealClient workerRevealClient(RevealProperties properties) {
    return new WorkerRevealClient(properties);
  }
}
