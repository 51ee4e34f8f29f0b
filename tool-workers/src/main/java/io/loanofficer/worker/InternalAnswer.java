package io.loanofficer.worker;

import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.topics.Topic;
import java.time.Clock;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The second half of recovering a tool call that cannot be processed, after the dead letter: when
 * the call could be read, its turn still gets a result, INTERNAL, so that every accepted call ends
 * in exactly one. It is sent on the answers' template, in their transaction, so it commits with the
 * offsets.
 */
final class InternalAnswer implements ConsumerRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(InternalAnswer.class);

  static final String MESSAGE = "the tool call could not be processed; it was set aside for operators";

  private final KafkaOperations<String, SpecificRecord> results;
  private final String workerId;
  private final Clock clock;

  InternalAnswer(KafkaOperations<String, SpecificRecord> results, String workerId, Clock clock) {
    this.results = results;
    this.workerId = workerId;
    this.clock = clock;
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    log.error("Tool call {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(),
        DeadLetterConfiguration.reason(exception));
    if (!(record.value() instanceof ToolCallRequested call)) {
      return; // unreadable: no turn to answer
    }
    results.send(Topic.TOOL_RESULTS.topicName(), call.getConversationId(), ToolCallCompleted.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(call.getConversationId())
        .setTurnId(call.getTurnId())
        .setCallId(call.getCallId())
        .setTool(call.getTool())
        .setToolVersion("?")
        .setOutcome(ToolOutcome.INTERNAL)
        .setErrorMessage(MESSAGE)
        .setWorkerId(workerId)
        .setDurationMicros(0)
        .setTraceId(call.getTraceId())
        .setCompletedAt(clock.instant())
        .build());
  }
}
