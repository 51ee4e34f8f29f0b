package io.loanofficer.worker;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A failing tool call is retried twice, then handed to {@link PoisonCallRecoverer}; its offset is
 * committed in the same transaction as the INTERNAL result, so it is neither lost nor retried forever.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

  @Bean
  AfterRollbackProcessor<Object, Object> afterRollbackProcessor(KafkaProperties properties,
      KafkaTemplate<String, SpecificRecord> kafka, WorkerProperties worker) {
    // Dead letters carry the bytes as they arrived, so they need a byte[] producer of their own.
    Map<String, Object> config = properties.buildProducerProperties();
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    KafkaTemplate<String, byte[]> deadLetters = new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer()));
    return new DefaultAfterRollbackProcessor<>(new PoisonCallRecoverer(deadLetters, kafka, worker.id()),
        new FixedBackOff(200, 2), kafka, true);
  }
}
