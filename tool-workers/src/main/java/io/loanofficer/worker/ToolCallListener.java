package io.loanofficer.worker;

import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.observability.ConsumedRecords;
import io.loanofficer.observability.ObservedWork;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.toolspec.ToolCatalogue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Takes the requested tool calls from tool.calls and starts each on the tool threads, then goes on
 * polling: a poll's calls no longer wait for its slowest one (ADR 28). {@link InFlightCalls} keeps
 * what is running in offset order and {@link ResultSender} answers each partition's ended calls on
 * tool.results (keyed by conversation, so the result reaches the orchestrator that owns it) in one
 * transaction with their offsets. A call that cannot be read, or whose run fails, is dead-lettered and
 * answered INTERNAL there ({@link DeadLetterConfiguration}): neither lost nor retried forever. Each
 * call is observed as {@code tool.call} ({@code execute_tool <tool>}, OpenTelemetry's GenAI name): a
 * span between the record's and its queries', and a timer by tool and outcome.
 */
@Component
public class ToolCallListener implements ConsumerSeekAware {

  private static final LogAccessor LOG = new LogAccessor(ToolCallListener.class);

  private final BoundedToolRuns tools;
  private final InFlightCalls calls;
  /** Event timestamps are wall-clock time; the tools' own clock (as_of) may be fixed. */
  private final Clock clock = Clock.systemUTC();
  private final Duration toolTimeout;
  private final ObservationRegistry observations;

  public static final String OBSERVATION = "tool.call";

  ToolCallListener(BoundedToolRuns tools, InFlightCalls calls, WorkerProperties worker, ObservationRegistry observations) {
    this.tools = tools;
    this.calls = calls;
    this.toolTimeout = worker.toolTimeout();
    this.observations = observations;
  }

  @KafkaListener(id = "tool-calls", idIsGroup = false, batch = "true",
      containerFactory = ToolCallsContainerConfiguration.CONTAINER_FACTORY,
      containerPostProcessor = ConsumedRecords.BATCH_CONTAINER,
      topics = "#{T(io.loanofficer.events.topics.Topic).TOOL_CALLS.topicName()}")
  public void onCalls(List<ConsumerRecord<String, ToolCallRequested>> records, Consumer<?, ?> consumer) {
    ConsumerGroupMetadata group = consumer.groupMetadata();
    for (ConsumerRecord<String, ToolCallRequested> record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (!calls.isNew(partition, record.offset())) {
        continue; // taken already, or read before a rewind took effect
      }
      // undecodable, or another event than a tool call (Topics.TOOL_CALLS' serde refuses it)
      if (record.value() == null) {
        calls.add(AcceptedCall.unprocessable(record, deserializationFailure(record)), group);
        continue;
      }
      // the record's span lasts until its result is sent
      Observation received = ConsumedRecords.start(observations, "tool-calls", record);
      try (Observation.Scope scope = received.openScope()) {
        calls.add(start(record, received), group); // waits for a free tool thread: back-pressure
      } catch (RuntimeException e) {
        received.error(e);
        received.stop();
        throw e;
      }
    }
  }

  @Override
  public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    calls.assigned(assignments.keySet(), (partition, offset) -> callback.seek(partition.topic(), partition.partition(), offset));
  }

  /** Before the partitions go, their calls are answered (each ends within its budget), as a poll's were before. */
  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    try {
      calls.settle(partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
  private AcceptedCall start(ConsumerRecord<String, ToolCallRequested> record, Observation received) {
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
      return AcceptedCall.started(record, received, observation, tools.notStarted(ToolResult.failed(call.getTool(), "?",
          ToolOutcome.TIMEOUT, "the turn's deadline passed before the tool ran")));
    }
    Caller caller = new Caller(call.getActor().getUserId(), new HashSet<>(call.getActor().getRoles()),
        call.getActor().getOfficerId());
    try (Observation.Scope scope = observation.observation().openScope()) {
      return AcceptedCall.started(record, received, observation,
          tools.start(call.getTool(), call.getArgumentsJson(), caller, call.getConversationId(), budget));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      observation.fail(e);
      throw new IllegalStateException("interrupted while starting a tool", e);
    }
  }
}
