package io.loanofficer.worker;

import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.observability.ObservedWork;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A record of tool.calls that the worker took and has not answered yet: a call running (or one that
 * will not run) on the tool threads, or a record that could not be read, to be dead-lettered when its
 * turn comes. {@link InFlightCalls} keeps them in offset order; {@link ResultSender} answers them.
 */
final class AcceptedCall {

  final ConsumerRecord<String, ToolCallRequested> record;
  /** The record's consumer span: until its result is sent. Null for an unreadable record. */
  final Observation received;
  /** The {@code tool.call} observation: until its result is taken. Null for an unreadable record. */
  final ObservedWork.Ongoing toolCall;
  /** Null for an unreadable record. */
  final BoundedToolRuns.Running running;
  /** Why the record cannot be processed, or null. */
  final Exception unprocessable;
  /** Whether {@link ResultSender} took its result (and ended {@link #toolCall}); guarded by the sender's thread. */
  boolean answerTaken;
  /** When {@link InFlightCalls} first saw it ready (System.nanoTime), or 0; guarded by the ledger. */
  long readySince;

  private AcceptedCall(ConsumerRecord<String, ToolCallRequested> record, Observation received,
      ObservedWork.Ongoing toolCall, BoundedToolRuns.Running running, Exception unprocessable) {
    this.record = record;
    this.received = received;
    this.toolCall = toolCall;
    this.running = running;
    this.unprocessable = unprocessable;
  }

  static AcceptedCall started(ConsumerRecord<String, ToolCallRequested> record, Observation received,
      ObservedWork.Ongoing toolCall, BoundedToolRuns.Running running) {
    return new AcceptedCall(record, received, toolCall, running, null);
  }

  static AcceptedCall unprocessable(ConsumerRecord<String, ToolCallRequested> record, Exception why) {
    return new AcceptedCall(record, null, null, null, why);
  }

  TopicPartition partition() {
    return new TopicPartition(record.topic(), record.partition());
  }

  long offset() {
    return record.offset();
  }

  /** Whether its answer can be given now, without waiting for the tool. */
  boolean ready() {
    return running == null || running.ready();
  }

  /** When it will be ready at the latest (System.nanoTime), or {@link Long#MIN_VALUE} if it is. */
  long readyBy() {
    return running == null ? Long.MIN_VALUE : running.deadline();
  }

  /** Not answered, and never will be by this worker (its partition is read again): ends its observations. */
  void abandon(Throwable why) {
    if (toolCall != null && !answerTaken) {
      toolCall.fail(why);
    }
    if (received != null) {
      received.error(why);
      received.stop();
    }
  }
}
