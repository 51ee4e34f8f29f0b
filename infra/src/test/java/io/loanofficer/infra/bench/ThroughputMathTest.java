package io.loanofficer.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throughput benchmark's pure parts: percentiles, the /proc stat parser, the compiler threads' CPU. */
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

  @Test
  void compilerCpuIsTheSumOfTheC1AndC2CompilerThreadsOnly(@TempDir Path tasks) throws IOException {
    thread(tasks, "101", "101 (C2 CompilerThre) S 1 1 1 0 -1 0 0 0 0 0 250 12 0 0 20 0 1 0 9 0 0");
    thread(tasks, "102", "102 (C1 CompilerThre) S 1 1 1 0 -1 0 0 0 0 0 30 8 0 0 20 0 1 0 9 0 0");
    thread(tasks, "103", "103 (java) S 1 1 1 0 -1 0 0 0 0 0 9000 700 0 0 20 0 1 0 9 0 0");
    thread(tasks, "104", "104 (GC Thread#0) S 1 1 1 0 -1 0 0 0 0 0 400 40 0 0 20 0 1 0 9 0 0");
    Files.createDirectories(tasks.resolve("105")); // a thread that ended between the listing and the read
    // (250 + 12) + (30 + 8) ticks of 1/100 s
    assertThat(ProcStat.compilerCpuSeconds(tasks)).isEqualTo(3.0);
    assertThat(ProcStat.isCompilerThread("7 (C2 CompilerThre) R 1")).isTrue();
    assertThat(ProcStat.isCompilerThread("7 (C2 Compiler) R 1")).isFalse();
    assertThat(ProcStat.compilerCpuSeconds(tasks.resolve("gone"))).isNaN();
  }

  private static void thread(Path tasks, String id, String stat) throws IOException {
    Files.createDirectories(tasks.resolve(id));
    Files.writeString(tasks.resolve(id).resolve("stat"), stat);
  }
}
