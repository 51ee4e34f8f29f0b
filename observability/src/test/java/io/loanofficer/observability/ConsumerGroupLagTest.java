package io.loanofficer.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class ConsumerGroupLagTest {

  @Test
  void lagIsTheEndOffsetLessTheCommittedOffsetSummedOverTheGroupsPartitions() throws Exception {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, "lag.a", "lag.b");
    broker.afterPropertiesSet();
    try {
      Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 5; i++) {
          producer.send(new ProducerRecord<>("lag.a", 0, "k", "v" + i));
        }
        for (int i = 0; i < 2; i++) {
          producer.send(new ProducerRecord<>("lag.a", 1, "k", "v" + i));
        }
        for (int i = 0; i < 4; i++) {
          producer.send(new ProducerRecord<>("lag.b", 0, "k", "v" + i));
        }
        producer.flush();
      }
      try (Admin admin = Admin.create(config)) {
        // group g: 3 of 5 and 2 of 2 on lag.a (2 behind), 1 of 4 on lag.b's partition 0 (3 behind); nothing on lag.b's 1
        admin.alterConsumerGroupOffsets("g", Map.of(
            new TopicPartition("lag.a", 0), new OffsetAndMetadata(3),
            new TopicPartition("lag.a", 1), new OffsetAndMetadata(2),
            new TopicPartition("lag.b", 0), new OffsetAndMetadata(1))).all().get();
      }
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      ConsumerGroupLag lag = new ConsumerGroupLag(config,
          new StaticListableBeanFactory().getBeanProvider(KafkaListenerEndpointRegistry.class),
          List.of("g", "never-committed"), Duration.ofHours(1), meters);
      lag.start();
      try {
        lag.measure();
      } finally {
        lag.stop();
      }
      assertThat(meters.get(ConsumerGroupLag.METER).tags("group", "g", "topic", "lag.a").gauge().value()).isEqualTo(2.0);
      assertThat(meters.get(ConsumerGroupLag.METER).tags("group", "g", "topic", "lag.b").gauge().value()).isEqualTo(3.0);
      // a group with no committed offset has no lag to report, rather than a made-up one
      assertThat(meters.find(ConsumerGroupLag.METER).tags("group", "never-committed").gauges()).isEmpty();
    } finally {
      broker.destroy();
    }
  }
}
