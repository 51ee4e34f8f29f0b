package io.loanofficer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.observability.ObservedWork;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.pii.PiiTokenizer;
import io.loanofficer.tools.testing.ToolTestSupport;
import io.loanofficer.toolspec.ToolSpec;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger between the tool calls' listener and their answers (ADR 28), with real calls on real
 * tool threads: each tool is held until the test releases it, so which calls have ended is the test's
 * to say, and nothing here depends on timing.
 */
class InFlightCallsTest {

  private static final TopicPartition P0 = new TopicPartition("tool.calls", 0);
  private static final TopicPartition P1 = new TopicPartition("tool.calls", 1);
  private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("tool-workers");
  private static final Duration NEVER = Duration.ofHours(1);

  private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
  private final BoundedToolRuns tools = new BoundedToolRuns(runner(), 8);
  private final List<String> seeks = new ArrayList<>();

  @AfterEach
  void stop() {
    releases.values().forEach(CountDownLatch::countDown);
    tools.close();
  }

  @Test
  void aPartitionIsAnsweredUpToItsFirstCallStillRunningAndOthersDoNotWaitForIt() throws Exception {
    InFlightCalls calls = ledger(Duration.ZERO);
    AcceptedCall first = held(calls, P0, 10);
    AcceptedCall second = held(calls, P0, 11);
    held(calls, P0, 12);
    AcceptedCall other = held(calls, P1, 40);

    end(second);
    end(other);
    // 11 has ended, but 10 runs: P0 has nothing to answer yet; P1 goes on its own
    assertThat(offsets(calls.answerableNow())).containsExactly(Map.entry(P1, List.of(40L)));
    calls.answered(calls.answerableNow().get(0));

    end(first);
    List<InFlightCalls.Answerable> answerable = calls.answerableNow();
    assertThat(offsets(answerable)).containsExactly(Map.entry(P0, List.of(10L, 11L)));
    assertThat(answerable.get(0).nextOffset().offset()).isEqualTo(12);
    assertThat(answerable.get(0).group()).isEqualTo(GROUP);
    calls.answered(answerable.get(0));
    assertThat(calls.size()).as("12 still runs").isEqualTo(1);
  }

  @Test
  void endedCallsWaitForTheRunningOnesUpToTheLingerAndGoAtOnceWhenNothingElseRuns() throws Exception {
    InFlightCalls calls = ledger(NEVER);
    AcceptedCall a = held(calls, P0, 1);
    AcceptedCall b = held(calls, P1, 7);

    end(a);
    assertThat(calls.answerableNow()).as("b still runs and the linger has not passed").isNull();

    end(b);
    assertThat(offsets(calls.answerableNow())).containsOnly(Map.entry(P0, List.of(1L)), Map.entry(P1, List.of(7L)));
  }

  @Test
  void aRevokedPartitionIsAnsweredAtOnceAndTheRevocationWaitsForIt() throws Exception {
    InFlightCalls calls = ledger(NEVER);
    AcceptedCall revoked = held(calls, P0, 3);
    held(calls, P1, 8);
    end(revoked);

    CompletableFuture<Void> settled = settling(calls, P0);
    List<InFlightCalls.Answerable> answerable = calls.awaitAnswerable();
    assertThat(offsets(answerable)).as("not held for the linger: P0 is going").containsExactly(Map.entry(P0, List.of(3L)));
    assertThat(settled).isNotDone();

    calls.answered(answerable.get(0));
    settled.get();
    assertThat(calls.size()).as("P1's call").isEqualTo(1);
  }

  @Test
  void aFailedAnswerDropsThePartitionsCallsAndReadsItAgainFromTheFirst() throws Exception {
    InFlightCalls calls = ledger(Duration.ZERO);
    AcceptedCall first = held(calls, P0, 20);
    held(calls, P0, 21);
    end(first);
    assertThat(calls.isNew(P0, 20)).as("delivered again after a listener error").isFalse();
    assertThat(calls.isNew(P0, 22)).isTrue();

    List<AcceptedCall> dropped = calls.rewind(calls.answerableNow().get(0));

    assertThat(dropped).extracting(AcceptedCall::offset).containsExactly(20L, 21L);
    assertThat(seeks).containsExactly("tool.calls-0@20");
    assertThat(calls.size()).isZero();
    // records fetched before the seek took effect are not taken; the first after it is
    assertThat(calls.isNew(P0, 21)).isFalse();
    assertThat(calls.isNew(P0, 22)).isFalse();
    assertThat(calls.isNew(P0, 20)).isTrue();
    held(calls, P0, 20);
    assertThat(calls.isNew(P0, 21)).isTrue();
  }

  @Test
  void aRevokedPartitionWhoseAnswerFailsIsLeftToItsNextOwner() throws Exception {
    InFlightCalls calls = ledger(NEVER);
    AcceptedCall call = held(calls, P0, 5);
    held(calls, P1, 8); // still running: P0's answer is taken only once it is settling
    end(call);
    CompletableFuture<Void> settled = settling(calls, P0);
    List<InFlightCalls.Answerable> answerable = calls.awaitAnswerable();

    calls.rewind(answerable.get(0));

    settled.get();
    assertThat(seeks).as("not ours to seek any more").isEmpty();

    // given back to this consumer, whose position may be past the dropped call: read from it again
    calls.assigned(List.of(P0), (partition, offset) -> seeks.add(partition + "@" + offset));
    assertThat(seeks).containsExactly("tool.calls-0@5");
    assertThat(calls.isNew(P0, 6)).isFalse();
    assertThat(calls.isNew(P0, 5)).isTrue();
  }

  /** The consumer's revocation of {@code partition}, on a thread of its own: it returns once the partition is settled. */
  private static CompletableFuture<Void> settling(InFlightCalls calls, TopicPartition partition) {
    return CompletableFuture.runAsync(() -> {
      try {
        calls.settle(List.of(partition));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private InFlightCalls ledger(Duration linger) {
    InFlightCalls calls = new InFlightCalls(linger);
    tools.whenACallEnds(calls::callEnded);
    calls.assigned(List.of(P0, P1), (partition, offset) -> seeks.add(partition + "@" + offset));
    return calls;
  }

  /** A call at {@code offset} whose tool runs until {@link #end}. */
  private AcceptedCall held(InFlightCalls calls, TopicPartition partition, long offset) throws InterruptedException {
    String tool = "held-" + partition.partition() + "-" + offset;
    releases.put(tool, new CountDownLatch(1));
    ToolCallRequested request = ToolCallRequested.newBuilder().setEventId("e-" + offset).setConversationId("c")
        .setTurnId("t").setCallId(tool).setRound(1).setTool(tool).setArgumentsJson("{}")
        .setActor(new Actor("analyst-1", List.of("CREDIT_ANALYST"), "analyst-1")).setTraceId(null)
        .setRequestedAt(Instant.EPOCH).setDeadlineAt(Instant.EPOCH).build();
    ConsumerRecord<String, ToolCallRequested> record =
        new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "c", request);
    ObservedWork.Ongoing observation = ObservedWork.begin(Observation.createNotStarted("tool.call",
        ObservationRegistry.NOOP), "outcome");
    AcceptedCall call = AcceptedCall.started(record, Observation.NOOP, observation,
        tools.start(tool, "{}", ToolTestSupport.ANALYST, "c", NEVER));
    calls.add(call, GROUP);
    return call;
  }

  private void end(AcceptedCall call) {
    releases.get(call.record.value().getTool()).countDown();
    await().until(call::ready);
  }

  private static Map<TopicPartition, List<Long>> offsets(List<InFlightCalls.Answerable> answerable) {
    Map<TopicPartition, List<Long>> offsets = new java.util.LinkedHashMap<>();
    for (InFlightCalls.Answerable partition : answerable) {
      offsets.put(partition.partition(), partition.calls().stream().map(AcceptedCall::offset).toList());
    }
    return offsets;
  }

  private ToolRunner runner() {
    List<LendingTool> held = new ArrayList<>();
    for (int partition = 0; partition <= 1; partition++) {
      for (long offset : new long[] {1, 3, 5, 7, 8, 10, 11, 12, 20, 21, 40}) {
        held.add(heldTool("held-" + partition + "-" + offset));
      }
    }
    return new ToolRunner(held, Clock.systemUTC(), new PiiTokenizer("a-test-secret-of-32-characters!!"));
  }

  private LendingTool heldTool(String name) {
    return new LendingTool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec(name, "1", "runs until the test releases it (test only)", List.of(), true);
      }

      @Override
      public Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
        try {
          releases.get(name).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Map.of("released", name);
      }
    };
  }
}
