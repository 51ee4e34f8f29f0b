package io.loanofficer.worker;

import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.observability.ConsumedRecords;
import io.loanofficer.observability.ObservedWork;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.toolspec.ToolCatalogue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Runs each requested tool call and answers on tool.results (keyed by conversation, so the result
 * reaches the orchestrator that owns it). A poll's calls run side by side on the tool threads and are
 * answered, in their records' order, in one Kafka transaction with their offsets (a transaction per
 * call cost the broker more than the tools: docs/benchmarks.md; why the poll waits for its slowest call: ADR 27).
 * A call that cannot be read, or whose run fails, is handed to the recoverer of
 * {@link DeadLetterConfiguration} in the same transaction: dead-lettered, answered INTERNAL, neither
 * lost nor retried forever. Each call
 * is observed as {@code tool.call} ({@code execute_tool <tool>}, OpenTelemetry's GenAI name): a span
 * between the record's and its queries', and a timer by tool and outcome.
 */
@Component
public class ToolCallListener {

  private static final Logger log = LoggerFactory.getLogger(ToolCallListener.class);
  private static final LogAccessor LOG = new LogAccessor(ToolCallListener.class);

  private final BoundedToolRuns tools;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  /** Event timestamps are wall-clock time; the tools' own clock (as_of) may be fixed. */
  private final Clock clock = Clock.systemUTC();
  private final String workerId;
  private final Duration toolTimeout;
  private final ConsumerRecordRecoverer poison;
  private final ObservationRegistry observations;

  public static final String OBSERVATION = "tool.call";

  public ToolCallListener(BoundedToolRuns tools, KafkaTemplate<String, SpecificRecord> kafka, WorkerProperties worker,
      ConsumerRecordRecoverer poison, ObservationRegistry observations) {
    this.observations = observations;
    this.tools = tools;
    this.kafka = kafka;
    this.poison = poison;
    this.workerId = worker.id();
    this.toolTimeout = worker.toolTimeout();
  }

  @KafkaListener(id = "tool-calls", idIsGroup = false, batch = "true",
      topics = "#{T(io.loanofficer.events.topics.Topic).TOOL_CALLS.topicName()}")
  public void onCalls(List<ConsumerRecord<String, ToolCallRequested>> records) {
    List<StartedCall> started = new ArrayList<>(records.size());
    for (ConsumerRecord<String, ToolCallRequested> record : records) {
      // undecodable, or another event than a tool call (Topics.TOOL_CALLS' serde refuses it)
      if (record.value() == null) {
        poison.accept(record, deserializationFailure(record));
        continue;
      }
      // the record's span lasts until its result is sent, as it did when calls ran one after another
      Observation received = ConsumedRecords.start(observations, "tool-calls", record);
      try (Observation.Scope scope = received.openScope()) {
        started.add(start(record, received));
      } catch (RuntimeException e) {
        received.error(e);
        received.stop();
        throw e;
      }
    }
    // the poll's calls run side by side (up to worker.tool-threads); their results go out in the
    // order of their records, in the poll's one transaction
    for (StartedCall call : started) {
      call.answer();
    }
  }

  /** A call of this poll that is running (or will not run): answered by {@link #answer}. */
  private final class StartedCall {
    private final ConsumerRecord<String, ToolCallRequested> record;
    private final Observation received;
    private final ObservedWork.Ongoing observation;
    private final BoundedToolRuns.Running running;

    private StartedCall(ConsumerRecord<String, ToolCallRequested> record, Observation received,
        ObservedWork.Ongoing observation, BoundedToolRuns.Running running) {
      this.record = record;
      this.received = received;
      this.observation = observation;
      this.running = running;
    }

    void answer() {
      try (Observation.Scope scope = received.openScope()) {
        send();
      } catch (RuntimeException e) {
        received.error(e);
        throw e;
      } finally {
        received.stop();
      }
    }

    private void send() {
      ToolCallRequested call = record.value();
      ToolResult result;
      try {
        result = running.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        observation.fail(e);
        throw new IllegalStateException("interrupted while running a tool", e); // stopping: the poll rolls back
      } catch (IllegalStateException e) {
        // a defect of the tool runner, not a tool error (those are results): the same on every retry
        observation.fail(e);
        poison.accept(record, e);
        return;
      }
      observation.end(result.outcome().name());
      long micros = running.micros();
      log.debug("Tool call {} {} -> {} in {} us", call.getCallId(), result.tool(), result.outcome(), micros);
      kafka.send(Topic.TOOL_RESULTS.topicName(), call.getConversationId(), ToolCallCompleted.newBuilder()
          .setEventId(UUID.randomUUID().toString())
          .setConversationId(call.getConversationId())
          .setTurnId(call.getTurnId())
          .setCallId(call.getCallId())
          .setTool(result.tool())
          .setToolVersion(result.toolVersion())
          .setOutcome(result.outcome())
          .setResultJson(result.resultJson())
          .setErrorMessage(result.errorMessage())
          .setWorkerId(workerId)
          .setDurationMicros(micros)
          .setTraceId(call.getTraceId())
          .setCompletedAt(clock.instant())
          .build());
    }
  }

  /** ErrorHandlingDeserializer keeps why the bytes could not be read in a header of the record. */
  private static Exception deserializationFailure(ConsumerRecord<String, ToolCallRequested> record) {
    DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
    return failure != null ? failure : new IllegalStateException("the record has no value");
  }

  /**
   * Starts the call, observed as {@code tool.call}, within the tool timeout and what is left of its
   * turn's deadline; past it, TIMEOUT without running.
   */
  private StartedCall start(ConsumerRecord<String, ToolCallRequested> record, Observation received) {
    ToolCallRequested call = record.value();
    // the tag takes catalogue names only: a model may ask for any name, a meter's tags must stay few
    String tool = ToolCatalogue.find(call.getTool()).isPresent() ? call.getTool() : "unknown";
    ObservedWork.Ongoing observation = ObservedWork.begin(Observation.createNotStarted(OBSERVATION, observations)
        .contextualName("execute_tool " + tool)
        .lowCardinalityKeyValue("gen_ai.operation.name", "execute_tool")
        .lowCardinalityKeyValue("gen_ai.tool.name", tool)
        .highCardinalityKeyValue("gen_ai.tool.call.id", call.getCallId()), "outcome");
    Duration left = Duration.between(clock.instant(), call.getDeadlineAt());
    Duration budget = left.compareTo(toolTimeout) < 0 ? left : toolTimeout;
    if (budget.isNegative() || budget.isZero()) {
      return new StartedCall(record, received, observation, tools.notStarted(ToolResult.failed(call.getTool(), "?",
          ToolOutcome.TIMEOUT, "the turn's deadline passed before the tool ran")));
    }
    Caller caller = new Caller(call.getActor().getUserId(), new HashSet<>(call.getActor().getRoles()),
        call.getActor().getOfficerId());
    try (Observation.Scope scope = observation.observation().openScope()) {
      return new StartedCall(record, received, observation,
          tools.start(call.getTool(), call.getArgumentsJson(), caller, call.getConversationId(), budget));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      observation.fail(e);
      throw new IllegalStateException("interrupted while starting a tool", e);
    }
  }
}
