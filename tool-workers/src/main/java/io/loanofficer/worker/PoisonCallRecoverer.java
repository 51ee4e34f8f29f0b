package io.loanofficer.worker;

import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * What happens to a tool call that cannot be processed (undecodable, or failing after retries): it
 * goes to tool.calls.dlt as it arrived, with the reason in headers, and — when the call could be
 * read — an INTERNAL result goes back so that its turn still ends.
 */
public class PoisonCallRecoverer implements ConsumerRecordRecoverer {

  public static final String REASON_HEADER = "loanofficer.dlt.reason";
  public static final String ORIGIN_HEADER = "loanofficer.dlt.origin";

  private static final Logger log = LoggerFactory.getLogger(PoisonCallRecoverer.class);

  private final KafkaOperations<String, byte[]> deadLetters;
  private final KafkaOperations<String, SpecificRecord> results;
  private final String workerId;
  private final EventSerde serde = new EventSerde();

  public PoisonCallRecoverer(KafkaOperations<String, byte[]> deadLetters, KafkaOperations<String, SpecificRecord> results,
      String workerId) {
    this.deadLetters = deadLetters;
    this.results = results;
    this.workerId = workerId;
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    String key = record.key() == null ? null : record.key().toString();
    byte[] bytes = originalBytes(record, exception);
    String reason = reason(exception);
    ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topic.TOOL_CALLS_DEAD_LETTER.topicName(), key, bytes);
    dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add(ORIGIN_HEADER,
        (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
    try {
      deadLetters.send(dead).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Could not dead-letter " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
    }
    log.error("Tool call {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(), reason);
    if (record.value() instanceof ToolCallRequested call) {
      results.send(Topic.TOOL_RESULTS.topicName(), call.getConversationId(), ToolCallCompleted.newBuilder()
          .setEventId(UUID.randomUUID().toString())
          .setConversationId(call.getConversationId())
          .setTurnId(call.getTurnId())
          .setCallId(call.getCallId())
          .setTool(call.getTool())
          .setToolVersion("?")
          .setOutcome(ToolOutcome.INTERNAL)
          .setErrorMessage("the tool call could not be processed; it was set aside for operators")
          .setWorkerId(workerId)
          .setDurationMicros(0)
          .setTraceId(call.getTraceId())
          .setCompletedAt(Instant.now())
          .build());
    }
  }

  private byte[] originalBytes(ConsumerRecord<?, ?> record, Exception exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof DeserializationException undecodable) {
        return undecodable.getData();
      }
    }
    if (record.value() instanceof SpecificRecord value) {
      return serde.encode(value);
    }
    return record.value() instanceof byte[] raw ? raw : null;
  }

  /** The innermost cause's type and message, bounded: enough for an operator, no stack trace. */
  private static String reason(Exception exception) {
    Throwable root = exception;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getName() + ": " + root.getMessage();
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
