package io.loanofficer.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A turn's frames never overtake its accepted frame, and come in their own order. */
class AcceptanceGateTest {

  private final AcceptanceGate gate = new AcceptanceGate();
  private final List<String> written = new CopyOnWriteArrayList<>();

  @Test
  void framesThatArriveBeforeAcceptedFollowItInOrder() {
    gate.expect("t1");
    gate.afterAccepted("t1", () -> written.add("progress"));
    gate.afterAccepted("t1", () -> written.add("reply"));
    assertThat(written).isEmpty();

    written.add("accepted");
    gate.accepted("t1");
    assertThat(written).containsExactly("accepted", "progress", "reply");
    assertThat(gate.pendingTurns()).isZero();
  }

  @Test
  void afterAcceptedAndForTurnsOfOtherInstancesFramesGoStraightThrough() {
    gate.expect("t1");
    gate.accepted("t1");
    gate.afterAccepted("t1", () -> written.add("late progress"));
    gate.afterAccepted("accepted-by-another-gateway", () -> written.add("resumed reply"));
    gate.afterAccepted(null, () -> written.add("no turn id"));
    assertThat(written).containsExactly("late progress", "resumed reply", "no turn id");
  }

  @Test
  void anAbandonedTurnHoldsNothing() {
    gate.expect("t1");
    gate.abandoned("t1");
    gate.afterAccepted("t1", () -> written.add("reply"));
    assertThat(written).containsExactly("reply");
    assertThat(gate.pendingTurns()).isZero();
  }

  @Test
  void theAcceptedThreadAndTheListenerThreadRacingNeverReorder() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2_000; round++) {
        String turn = "t" + round;
        List<String> frames = new CopyOnWriteArrayList<>();
        gate.expect(turn);
        CountDownLatch start = new CountDownLatch(1);
        var listener = threads.submit(() -> {
          start.await();
          gate.afterAccepted(turn, () -> frames.add("progress"));
          gate.afterAccepted(turn, () -> frames.add("reply"));
          return null;
        });
        var producerCallback = threads.submit(() -> {
          start.await();
          frames.add("accepted");
          gate.accepted(turn);
          return null;
        });
        start.countDown();
        listener.get(5, TimeUnit.SECONDS);
        producerCallback.get(5, TimeUnit.SECONDS);
        assertThat(frames).as("round %d", round).containsExactly("accepted", "progress", "reply");
      }
      assertThat(gate.pendingTurns()).isZero();
    } finally {
      threads.shutdownNow();
    }
  }
}
