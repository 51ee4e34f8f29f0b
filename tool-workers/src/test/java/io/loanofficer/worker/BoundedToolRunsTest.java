package io.loanofficer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.pii.PiiTokenizer;
import io.loanofficer.tools.testing.ToolTestSupport;
import io.loanofficer.toolspec.ToolSpec;
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
