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
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Runs each requested tool call and answers on tool.results (keyed by conversation, so the result
 * reaches the orchestrator that owns it). A poll's calls are answered in one Kafka transaction with
 * their offsets (a transaction per call cost the broker more than the tools: docs/benchmarks.md).
 * A call that cannot be read, or whose run fails, is handed to {@link PoisonCallRecoverer} in the
 * same transaction: dead-lettered, answered INTERNAL, neither lost nor retried forever. Each call
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
  private final PoisonCallRecoverer poison;
  private final ObservationRegistry observations;

  public static final String OBSERVATION = "tool.call";

  public ToolCallListener(BoundedToolRuns tools, KafkaTemplate<String, SpecificRecord> kafka, WorkerProperties worker,
      PoisonCallRecoverer poison, ObservationRegistry observations) {
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
    for (ConsumerRecord<String, ToolCallRequested> record : records) {
      // undecodable, or another event than a tool call (Topics.TOOL_CALLS' serde refuses it)
      if (record.value() == null) {
        poison.accept(record, deserializationFailure(record));
        continue;
      }
      ToolCallRequested call = record.value();
      try {
        ConsumedRecords.observe(observations, "tool-calls", record, () -> onCall(call));
      } catch (IllegalStateException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e; // stopping: the poll rolls back and the calls go to the next owner
        }
        // a defect of the tool runner, not a tool error (those are results): the same on every retry
        poison.accept(record, e);
      }
    }
  }

  private void onCall(ToolCallRequested call) {
    long started = System.nanoTime();
    Caller caller = new Caller(call.getActor().getUserId(), new HashSet<>(call.getActor().getRoles()),
        call.getActor().getOfficerId());
    ToolResult result = observed(call, caller);
    long micros = (System.nanoTime() - started) / 1_000;
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

  private ToolResult observed(ToolCallRequested call, Caller caller) {
    // the tag takes catalogue names only: a model may ask for any name, a meter's tags must stay few
    String tool = ToolCatalogue.find(call.getTool()).isPresent() ? call.getTool() : "unknown";
    Observation observation = Observation.createNotStarted(OBSERVATION, observations)
        .contextualName("execute_tool " + tool)
        .lowCardinalityKeyValue("gen_ai.operation.name", "execute_tool")
        .lowCardinalityKeyValue("gen_ai.tool.name", tool)
        .highCardinalityKeyValue("gen_ai.tool.call.id", call.getCallId());
    return ObservedWork.observe(observation, "outcome", () -> runWithin(call, caller), result -> result.outcome().name());
  }

  /** ErrorHandlingDeserializer keeps why the bytes could not be read in a header of the record. */
  private static Exception deserializationFailure(ConsumerRecord<String, ToolCallRequested> record) {
    DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
    return failure != null ? failure : new IllegalStateException("the record has no value");
  }

  /** Runs the tool within the tool timeout and what is left of its turn's deadline; past it, TIMEOUT. */
  private ToolResult runWithin(ToolCallRequested call, Caller caller) {
    Duration left = Duration.between(clock.instant(), call.getDeadlineAt());
    Duration budget = left.compareTo(toolTimeout) < 0 ? left : toolTimeout;
    if (budget.isNegative() || budget.isZero()) {
      return ToolResult.failed(call.getTool(), "?", ToolOutcome.TIMEOUT, "the turn's deadline passed before the tool ran");
    }
    try {
      return tools.run(call.getTool(), call.getArgumentsJson(), caller, call.getConversationId(), budget);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running a tool", e);
    }
  }
}
