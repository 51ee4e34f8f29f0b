package io.loanofficer.worker;

import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.tools.ToolResult;
import io.micrometer.observation.Observation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Answers the calls {@link InFlightCalls} hands it, on a thread of its own: each partition's ended
 * calls in their records' order, on tool.results, in one Kafka transaction per consumer with the
 * offsets after them (ADR 28). A call that cannot be read, or whose run failed, is handed to the
 * recoverer of {@link DeadLetterConfiguration} in the same transaction: dead-lettered, answered
 * INTERNAL. When a transaction fails, its partitions are read again from their first call (nothing of
 * it is visible to read_committed readers); a revoked partition is left to its next owner.
 */
final class ResultSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResultSender.class);

  private final InFlightCalls calls;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final ConsumerRecordRecoverer poison;
  private final String workerId;
  /** Event timestamps are wall-clock time; the tools' own clock (as_of) may be fixed. */
  private final Clock clock;
  private final Thread thread;

  ResultSender(InFlightCalls calls, KafkaTemplate<String, SpecificRecord> kafka, ConsumerRecordRecoverer poison,
      String workerId, Clock clock) {
    this.calls = calls;
    this.kafka = kafka;
    this.poison = poison;
    this.workerId = workerId;
    this.clock = clock;
    this.thread = new Thread(this::run, "tool-results");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      List<InFlightCalls.Answerable> answerable;
      while ((answerable = calls.awaitAnswerable()) != null) {
        // one transaction per consumer: its offsets commit under its own group membership
        Map<ConsumerGroupMetadata, List<InFlightCalls.Answerable>> byConsumer = new LinkedHashMap<>();
        for (InFlightCalls.Answerable partition : answerable) {
          byConsumer.computeIfAbsent(partition.group(), g -> new ArrayList<>()).add(partition);
        }
        byConsumer.forEach(this::answerAndGoOn);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * This thread must outlive any one failure: without it the worker would take calls and answer none.
   * A failed transaction is handled in {@link #answer}; what else fails comes after the ledger has
   * been told (an observation's end), so nothing here is answered twice.
   */
  private void answerAndGoOn(ConsumerGroupMetadata group, List<InFlightCalls.Answerable> partitions) {
    try {
      answer(group, partitions);
    } catch (RuntimeException e) {
      log.error("Unexpected failure after answering {} partition(s) of tool calls; answering goes on",
          partitions.size(), e);
    }
  }

  private void answer(ConsumerGroupMetadata group, List<InFlightCalls.Answerable> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    try {
      kafka.executeInTransaction(results -> {
        for (InFlightCalls.Answerable partition : partitions) {
          for (AcceptedCall call : partition.calls()) {
            answer(results, call);
          }
          offsets.put(partition.partition(), partition.nextOffset());
        }
        results.sendOffsetsToTransaction(offsets, group);
        return null;
      });
    } catch (RuntimeException e) {
      // the broker refused the transaction (a member that lost its partitions is fenced here): read again
      log.warn("Could not answer {} partition(s) of tool calls ({}): they are read again", partitions.size(),
          DeadLetterConfiguration.reason(e));
      for (InFlightCalls.Answerable partition : partitions) {
        calls.rewind(partition).forEach(call -> call.abandon(e));
      }
      return;
    }
    for (InFlightCalls.Answerable partition : partitions) {
      calls.answered(partition);
      partition.calls().forEach(ResultSender::sent);
    }
  }

  private static void sent(AcceptedCall call) {
    if (call.received != null) {
      call.received.stop();
    }
  }

  /** One call's answer, in the transaction: its result, or its dead letter and INTERNAL answer. */
  private void answer(KafkaOperations<String, SpecificRecord> results, AcceptedCall call) {
    if (call.unprocessable != null) {
      poison.accept(call.record, call.unprocessable);
      return;
    }
    // the record's span is the parent of the result's producer span, as when the listener sent it
    try (Observation.Scope scope = call.received.openScope()) {
      ToolResult result;
      try {
        result = take(call);
      } catch (IllegalStateException e) {
        // a defect of the tool runner, not a tool error (those are results): the same on every retry
        poison.accept(call.record, e);
        return;
      }
      ToolCallRequested request = call.record.value();
      results.send(Topic.TOOL_RESULTS.topicName(), request.getConversationId(), ToolCallCompleted.newBuilder()
          .setEventId(UUID.randomUUID().toString())
          .setConversationId(request.getConversationId())
          .setTurnId(request.getTurnId())
          .setCallId(request.getCallId())
          .setTool(result.tool())
          .setToolVersion(result.toolVersion())
          .setOutcome(result.outcome())
          .setResultJson(result.resultJson())
          .setErrorMessage(result.errorMessage())
          .setWorkerId(workerId)
          .setDurationMicros(call.running.micros())
          .setTraceId(request.getTraceId())
          .setCompletedAt(clock.instant())
          .build());
    }
  }

  /** The call's result (ready: the ledger handed it over), ending its {@code tool.call} observation the first time. */
  private static ToolResult take(AcceptedCall call) {
    try {
      ToolResult result = call.running.await();
      if (!call.answerTaken) {
        call.answerTaken = true;
        call.toolCall.end(result.outcome().name());
        log.debug("Tool call {} {} -> {} in {} us", call.record.value().getCallId(), result.tool(), result.outcome(),
            call.running.micros());
      }
      return result;
    } catch (IllegalStateException e) {
      if (!call.answerTaken) {
        call.answerTaken = true;
        call.toolCall.fail(e);
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // stopping: the transaction aborts and the call is read again (not dead-lettered)
      throw new CancellationException("interrupted while taking a tool's result");
    }
  }

  @Override
  public void close() {
    calls.stop().forEach(call -> call.abandon(new IllegalStateException("the worker stopped")));
    thread.interrupt();
  }
}
