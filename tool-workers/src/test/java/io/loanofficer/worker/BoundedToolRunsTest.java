package io.loanofficer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.pii.PiiTokenizer;
import io.loanofficer.tools.testing.ToolTestSupport;
import io.loanofficer.toolspec.ToolSpec;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A poll's calls are started one after another and awaited afterwards (ToolCallListener): they run
 * side by side up to the tool threads. Shown without timing: each call of a "rendezvous" tool waits
 * until every call of the test has started, so the calls can only succeed when they run at once.
 */
class BoundedToolRunsTest {

  private static final Caller ANALYST = ToolTestSupport.ANALYST;

  @Test
  void callsStartedTogetherRunSideBySideAndEachReportsItsOwnTime() throws Exception {
    CountDownLatch everyCallStarted = new CountDownLatch(3);
    try (BoundedToolRuns tools = new BoundedToolRuns(runner(rendezvous(everyCallStarted, Duration.ofSeconds(10))), 3)) {
      List<BoundedToolRuns.Running> running = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        running.add(tools.start("rendezvous", "{}", ANALYST, "c-" + i, Duration.ofSeconds(10)));
      }

      for (BoundedToolRuns.Running call : running) {
        ToolResult result = call.await();
        assertThat(result.outcome()).as(result.errorMessage()).isEqualTo(ToolOutcome.OK);
        assertThat(result.resultJson()).contains("\"met\":true");
        assertThat(call.micros()).isLessThan(TimeUnit.SECONDS.toMicros(10));
      }
      assertThat(tools.freeThreads()).isEqualTo(3);
    }
  }

  @Test
  void withOneThreadTheSecondCallStartsOnlyOnceTheFirstHasEnded() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    // the first call gives up waiting for the second after 300 ms; only then can the second start
    try (BoundedToolRuns tools = new BoundedToolRuns(runner(rendezvous(bothStarted, Duration.ofMillis(300))), 1)) {
      BoundedToolRuns.Running first = tools.start("rendezvous", "{}", ANALYST, "c-1", Duration.ofSeconds(10));
      BoundedToolRuns.Running second = tools.start("rendezvous", "{}", ANALYST, "c-2", Duration.ofSeconds(10));

      assertThat(first.await().outcome()).isEqualTo(ToolOutcome.INTERNAL);
      ToolResult last = second.await();
      assertThat(last.outcome()).as(last.errorMessage()).isEqualTo(ToolOutcome.OK);
      assertThat(tools.freeThreads()).isEqualTo(1);
    }
  }

  @Test
  void aToolThatEndsAfterItsTimeoutKeepsTheTimeoutsEnd() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    // the tool ignores the cancel's interrupt, as a JDBC call does, and ends only once released
    try (BoundedToolRuns tools = new BoundedToolRuns(runner(heldUntil("held", release)), 1)) {
      BoundedToolRuns.Running call = tools.start("held", "{}", ANALYST, "c-1", Duration.ofMillis(200));

      assertThat(call.await().outcome()).isEqualTo(ToolOutcome.TIMEOUT);
      long atTimeout = call.micros();
      release.countDown();
      // the thread comes back after the tool's end has been offered
      await().atMost(Duration.ofSeconds(10)).until(() -> tools.freeThreads() == 1);

      assertThat(call.micros()).isEqualTo(atTimeout);
    }
  }

  @Test
  void aTimeoutTakenAfterTheToolEndedKeepsTheToolsEnd() throws Exception {
    CountDownLatch toolEnded = new CountDownLatch(1);
    CountDownLatch handOver = new CountDownLatch(1);
    // the tool returns at once, but its thread is held after the end was recorded (when it closes the call's
    // observation scope), so the result is not handed over before the budget runs out
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onScopeClosed(Observation.Context context) {
        if (Thread.currentThread().getName().startsWith("tool-run-")) {
          toolEnded.countDown();
          awaitUninterruptibly(handOver);
        }
      }
    });
    Observation toolCall = Observation.start("tool call", observations);
    try (BoundedToolRuns tools = new BoundedToolRuns(runner(heldUntil("quick", new CountDownLatch(0))),
        1, observations); Observation.Scope scope = toolCall.openScope()) {
      BoundedToolRuns.Running call = tools.start("quick", "{}", ANALYST, "c-1", Duration.ofMillis(200));
      assertThat(toolEnded.await(10, TimeUnit.SECONDS)).as("the tool ended").isTrue();
      long atToolEnd = call.micros();

      assertThat(call.await().outcome()).isEqualTo(ToolOutcome.TIMEOUT);

      assertThat(call.micros()).isEqualTo(atToolEnd);
      handOver.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> tools.freeThreads() == 1);
    } finally {
      toolCall.stop();
    }
  }

  /** A tool named {@code name} that returns once {@code release} is open, deaf to interrupts. */
  private static LendingTool heldUntil(String name, CountDownLatch release) {
    return new LendingTool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec(name, "1", "returns once the test releases it (test only)", List.of(), true);
      }

      @Override
      public Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
        awaitUninterruptibly(release);
        return Map.of("released", true);
      }
    };
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts itself in, then waits for the others; fails when they do not come within {@code patience}. */
  private static LendingTool rendezvous(CountDownLatch everyone, Duration patience) {
    return new LendingTool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("rendezvous", "1", "waits until every call of the test has started (test only)", List.of(),
            true);
      }

      @Override
      public Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
        everyone.countDown();
        try {
          if (!everyone.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the other calls did not start while this one ran");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return Map.of("met", true);
      }
    };
  }

  private static ToolRunner runner(LendingTool tool) {
    return new ToolRunner(List.of(tool), Clock.systemUTC(), new PiiTokenizer("a-test-secret-of-32-characters!!"));
  }
}
