package io.loanofficer.infra.bench;

import io.loanofficer.infra.bench.ThroughputBenchmark.Proc;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps a warm-up load going until the JIT compilers of the given JVMs have settled: until, over one
 * step, each process's compiler threads used less than a threshold of CPU per second. A fixed time was
 * not enough on a slower machine: 90 s after start the services' C2 compilers still took most of a core,
 * inside the window, and the same code measured half the turns/s it did with 300 s (docs/benchmarks.md).
 */
final class JitWarmup {

  /** How long the warm-up took, whether it settled, and each process's compiler CPU ms/s in its last step. */
  record Outcome(String what, Duration took, boolean settled, Map<String, Double> lastStepMsPerSecond) {

    String describe() {
      return String.format(Locale.ROOT, "%s %d s%s", what, took.toSeconds(), settled ? "" : " (not settled: "
          + ThroughputReport.oneDecimal(lastStepMsPerSecond) + " compiler CPU ms/s at the end)");
    }
  }

  static final Duration STEP = Duration.ofSeconds(10);

  private final Duration minimum;
  private final Duration maximum;
  private final double settledMsPerSecond;

  JitWarmup(Duration minimum, Duration maximum, double settledMsPerSecond) {
    this.minimum = minimum;
    this.maximum = maximum.compareTo(minimum) < 0 ? minimum : maximum;
    this.settledMsPerSecond = settledMsPerSecond;
  }

  /** Waits, while the caller's load runs, at least the minimum and then until the processes settle or the maximum. */
  Outcome await(String what, List<Proc> procs) throws InterruptedException {
    System.out.printf("%s: JIT warm-up under load, at least %d s, until each process's compiler threads use under "
        + "%.0f CPU ms/s (at most %d s)%n", what, minimum.toSeconds(), settledMsPerSecond, maximum.toSeconds());
    long start = System.nanoTime();
    // the first step ends at the minimum
    Thread.sleep(Math.max(0, minimum.minus(STEP).toMillis()));
    while (true) {
      Map<String, Double> msPerSecond = ThroughputBenchmark.cpuMsPerSecond(procs, STEP, ProcStat::compilerCpuSeconds);
      // a process that is gone (NaN) does not hold the run up
      boolean settled = msPerSecond.values().stream().noneMatch(rate -> rate >= settledMsPerSecond);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf("  %d s: compiler CPU ms/s %s%n", took.toSeconds(), ThroughputReport.oneDecimal(msPerSecond));
      if (settled || took.compareTo(maximum) >= 0) {
        return new Outcome(what, took, settled, msPerSecond);
      }
    }
  }
}
