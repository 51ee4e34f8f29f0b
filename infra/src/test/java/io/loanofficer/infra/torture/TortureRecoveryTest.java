package io.loanofficer.infra.torture;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.infra.invariants.InvariantChecker;
import io.loanofficer.infra.torture.ChatLoad.TurnResult;
import io.loanofficer.infra.torture.TortureRun.Fault;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recovery per fault, per load client: a client stalled in one fault holds back that fault's recovery
 * and is left out of the next; a client stalled by the fault itself holds it back.
 */
class TortureRecoveryTest {

  /** A rolling restart from 100 s to 200 s, then a broker restart at 205 s (times in seconds into the run). */
  private static final List<Fault> FAULTS = List.of(
      new Fault("rolling restart", 100, ns(100), ns(200)),
      new Fault("broker restart", 205, ns(205), ns(205)));

  @Test
  void aClientStalledDuringARollingRestartHoldsItBackAndIsLeftOutOfTheNextFault() {
    List<TurnResult> turns = List.of(
        answer(0, 99.0, 99.5), answer(0, 201.0, 201.5), answer(0, 206.0, 207.0),
        answer(1, 98.0, 98.4),
        // client 1's question during the rolling restart: no final frame for 180 s, then answered again
        turn(1, 190.0, 370.0, "lost"), answer(1, 370.0, 370.2));

    // rolling restart: from its end (200 s), client 0 answered at 201.5 s, client 1 only at 370.2 s
    assertThat(TortureRun.recoverySeconds(FAULTS, 0, turns)).isCloseTo(170.2, within());
    assertThat(TortureRun.stalledClients(FAULTS, 0, turns)).isZero();
    // broker restart: client 1 still waits on a question of the rolling restart; client 0 answered at 207 s
    assertThat(TortureRun.recoverySeconds(FAULTS, 1, turns)).isCloseTo(2.0, within());
    assertThat(TortureRun.stalledClients(FAULTS, 1, turns)).isEqualTo(1);
  }

  @Test
  void aClientStalledByTheFaultItselfHoldsItBack() {
    List<TurnResult> turns = List.of(
        answer(0, 99.0, 99.5), answer(0, 201.0, 201.5), answer(0, 206.0, 207.0),
        answer(2, 201.0, 201.2),
        // client 2's question just before the broker restart never gets its final frame
        turn(2, 204.5, 384.5, "lost"), answer(2, 384.5, 385.0));

    assertThat(TortureRun.recoverySeconds(FAULTS, 1, turns)).isCloseTo(180.0, within());
    assertThat(TortureRun.stalledClients(FAULTS, 1, turns)).isZero();
  }

  @Test
  void aClientThatNeverAnswersAgainIsNoRecovery() {
    List<TurnResult> turns = List.of(answer(0, 206.0, 207.0), answer(3, 203.0, 203.5), turn(3, 203.6, 383.6, "lost"));

    assertThat(TortureRun.recoverySeconds(FAULTS, 1, turns)).isInfinite();
  }

  @Test
  void eachLostTurnIsListedWithWhatTheTopicsHoldForIt() {
    List<TurnResult> turns = List.of(answer(0, 99.0, 99.5),
        new TurnResult(4, "conv-4", "load-4-2400", null, "gateway-2>gateway-1", ns(531.5), ns(711.5), "lost"),
        new TurnResult(5, "conv-5", "load-5-17", null, "gateway-1", ns(600.0), ns(780.25), "lost"));
    List<InvariantChecker.TurnTrace> traces = List.of(new InvariantChecker.TurnTrace("load-4-2400", "conv-4", "t-2400",
        "torture-1", Instant.parse("2026-12-01T10:14:01.600Z"), "ANSWER", Instant.parse("2026-12-01T10:14:01.775Z"), 1));
    StringBuilder text = new StringBuilder();

    TortureRun.lostTurns(text, turns, new TortureRun.RunClock(0, Instant.parse("2026-12-01T10:05:10Z")), traces);

    assertThat(text.toString()).isEqualTo("""
        lost turns (no final frame reached the client):
          client 4, conversation conv-4, clientMessageId load-4-2400, turnId none, via gateway-2>gateway-1; sent 10:14:01.500 (531.5 s), given up 10:17:01.500 (711.5 s)
            on chat.turns: turn t-2400 accepted by torture-1 at 2026-12-01T10:14:01.600Z; final reply: ANSWER at 2026-12-01T10:14:01.775Z
          client 5, conversation conv-5, clientMessageId load-5-17, turnId none, via gateway-1; sent 10:15:10.000 (600.0 s), given up 10:18:10.250 (780.3 s)
            on chat.turns: none (never accepted)
        """);
  }

  private static TurnResult answer(int client, double sent, double ended) {
    return turn(client, sent, ended, "answer");
  }

  private static TurnResult turn(int client, double sent, double ended, String outcome) {
    return new TurnResult(client, "conv-" + client, "load-" + client + "-" + sent, "t-" + sent, "gateway-1", ns(sent),
        ns(ended), outcome);
  }

  private static long ns(double seconds) {
    return (long) (seconds * 1e9);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
