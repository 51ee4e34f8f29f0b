package io.loanofficer.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The throughput benchmark's pure parts: percentiles, the /proc stat parser. */
class ThroughputMathTest {

  @Test
  void percentilesAreNearestRank() {
    Percentiles p = new Percentiles(new double[] {5, 1, 4, 2, 3});
    assertThat(p.value(50)).isEqualTo(3);
    assertThat(p.value(99)).isEqualTo(5);
    assertThat(p.value(20)).isEqualTo(1);
    assertThat(p.value(21)).isEqualTo(2);
    assertThat(p.value(0)).isEqualTo(1);
    assertThat(new Percentiles(new double[0]).value(50)).isNaN();
  }

  @Test
  void cdfTakesEvenlySpacedRanksEndingAtTheMaximum() {
    Percentiles p = new Percentiles(new double[] {5, 1, 4, 2, 3});
    assertThat(p.cdf(2)).isDeepEqualTo(new double[][] {{3, 0.6}, {5, 1.0}});
    assertThat(p.cdf(10)).isDeepEqualTo(new double[][] {{1, 0.2}, {2, 0.4}, {3, 0.6}, {4, 0.8}, {5, 1.0}});
  }

  @Test
  void procStatSumsUserAndSystemTicksAfterTheCommandName() {
    String line = "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 3 4 20 0 30 0 9 0 0";
    assertThat(ProcStat.cpuTicks(line)).isEqualTo(325);
    assertThatThrownBy(() -> ProcStat.cpuTicks("no command")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ProcStat.cpuSeconds(Long.MAX_VALUE)).isNaN();
  }
}
