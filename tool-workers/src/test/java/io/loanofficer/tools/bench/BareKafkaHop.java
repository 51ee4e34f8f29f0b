package io.loanofficer.tools.bench;

import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The floor a tool call through Kafka cannot beat: one read-process-write hop with nothing in the
 * middle. A consumer and a transactional producer built from the worker's own client settings (its
 * Spring consumer and producer factories: serdes, acks, idempotence, linger, isolation level), and,
 * like the worker's listener (ack-mode record), one transaction per record that holds the answer and
 * the consumed offset. The answer is a {@link ToolCallCompleted} for the request's call id with an
 * empty result: the tool's work is the only thing left out.
 */
final class BareKafkaHop implements AutoCloseable {

  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final KafkaProducer<String, SpecificRecord> producer;
  private final String in;
  private final String out;
  private final Thread thread;
  private volatile boolean running = true;

  BareKafkaHop(Map<String, Object> workerConsumer, Map<String, Object> workerProducer, String in, String out) {
    Map<String, Object> consumerConfig = new HashMap<>(workerConsumer);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-bare-hop");
    consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    Map<String, Object> producerConfig = new HashMap<>(workerProducer);
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-bare-hop-" + UUID.randomUUID());
    this.consumer = new KafkaConsumer<>(consumerConfig);
    this.producer = new KafkaProducer<>(producerConfig);
    this.in = in;
    this.out = out;
    this.thread = new Thread(this::loop, "bench-bare-hop");
  }

  BareKafkaHop start() {
    producer.initTransactions();
    consumer.subscribe(List.of(in));
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
          producer.beginTransaction();
          producer.send(new ProducerRecord<>(out, record.key(), answer((ToolCallRequested) record.value())));
          producer.sendOffsetsToTransaction(
              Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)),
              consumer.groupMetadata());
          producer.commitTransaction();
        }
      }
    } catch (WakeupException e) {
      // closing
    }
  }

  private static ToolCallCompleted answer(ToolCallRequested call) {
    return ToolCallCompleted.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(call.getConversationId())
        .setTurnId(call.getTurnId())
        .setCallId(call.getCallId())
        .setTool(call.getTool())
        .setToolVersion("1")
        .setOutcome(ToolOutcome.OK)
        .setResultJson("{}")
        .setWorkerId("bench-bare-hop")
        .setDurationMicros(0)
        .setCompletedAt(Instant.now())
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
    consumer.close();
    producer.close();
  }
}
