package io.loanofficer.infra.bench;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A tool-bound load: {@code ToolCallRequested} straight onto tool.calls, as the orchestrator writes
 * them, each slot waiting for its {@code ToolCallCompleted} on tool.results (read_committed, matched
 * by call id) before it sends the next. Only the workers (and the broker) do work, so the number of
 * workers is the one variable.
 */
final class ToolCallLoad implements AutoCloseable {

  private final KafkaProducer<String, SpecificRecord> producer;
  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final String tool;
  private final String argumentsJson;
  private final Thread poller;
  private final AtomicLong notOk = new AtomicLong();
  private volatile ClosedLoop loop;
  private volatile boolean running = true;

  ToolCallLoad(String bootstrap, String tool, String argumentsJson) {
    this.tool = tool;
    this.argumentsJson = argumentsJson;
    producer = new KafkaProducer<>(BareChain.producerSettings(bootstrap, null), new StringSerializer(), new EventSerde());
    var settings = BareChain.consumerSettings(bootstrap, null);
    settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
    consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new EventSerde());
    List<TopicPartition> partitions = consumer.partitionsFor(Topic.TOOL_RESULTS.topicName()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    poller = new Thread(this::poll, "tool-load");
    poller.start();
  }

  /** Calls whose outcome was not OK (still counted as turns: the worker did the work). */
  long notOk() {
    return notOk.get();
  }

  ClosedLoop start(String run, int inFlight) {
    ClosedLoop next = new ClosedLoop(run, inFlight, (slot, callId) -> {
      String conversation = "bench-" + run + "-" + slot;
      Instant now = Instant.now();
      ToolCallRequested request = ToolCallRequested.newBuilder()
          .setEventId(UUID.randomUUID().toString())
          .setConversationId(conversation)
          .setTurnId("t-" + callId)
          .setCallId(callId)
          .setRound(1)
          .setTool(tool)
          .setArgumentsJson(argumentsJson)
          .setActor(Actor.newBuilder().setUserId("bench-analyst").setRoles(List.of("CREDIT_ANALYST"))
              .setOfficerId("bench-analyst").build())
          .setRequestedAt(now)
          .setDeadlineAt(now.plusSeconds(120))
          .build();
      producer.send(new ProducerRecord<>(Topic.TOOL_CALLS.topicName(), conversation, request));
    });
    loop = next;
    next.start();
    return next;
  }

  private void poll() {
    while (running) {
      for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(50))) {
        long now = System.nanoTime();
        ClosedLoop current = loop;
        if (current != null && record.value() instanceof ToolCallCompleted completed) {
          if (completed.getOutcome() == null || !completed.getOutcome().name().equals("OK")) {
            notOk.incrementAndGet();
          }
          current.arrived(completed.getCallId(), now);
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.join(5_000);
    consumer.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
