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
 * A tool call that cannot be read, or whose run fails, goes to {@link PoisonCallRecoverer} from the
 * batch listener, in the poll's transaction: its INTERNAL result commits with the offsets, so it is
 * neither lost nor retried forever. A rolled-back poll (the broker, not a call, failed) is fetched
 * again after a second, for as long as it takes.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

  @Bean
  PoisonCallRecoverer poisonCallRecoverer(KafkaProperties properties, KafkaTemplate<String, SpecificRecord> kafka,
      WorkerProperties worker) {
    // Dead letters carry the bytes as they arrived, so they need a byte[] producer of their own.
    Map<String, Object> config = properties.buildProducerProperties();
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    KafkaTemplate<String, byte[]> deadLetters = new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer()));
    return new PoisonCallRecoverer(deadLetters, kafka, worker.id());
  }

  @Bean
  AfterRollbackProcessor<Object, Object> afterRollbackProcessor() {
    return new DefaultAfterRollbackProcessor<>(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
  }
}
