package io.loanofficer.infra.torture;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.infra.torture.ChatLoad.TurnResult;
import io.loanofficer.infra.torture.TortureRun.Fault;
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
