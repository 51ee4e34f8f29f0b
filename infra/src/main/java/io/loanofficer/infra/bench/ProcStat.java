package io.loanofficer.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of a process from /proc/&lt;pid&gt;/stat: user plus system time of all its threads, in
 * clock ticks of 1/100 s (USER_HZ, which /proc reports in whatever the kernel's HZ).
 */
public final class ProcStat {

  static final double TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /**
   * utime + stime (fields 14 and 15) of one stat line. The command name (field 2) is in parentheses
   * and may hold spaces and parentheses itself, so fields are counted from the last ')'.
   */
  public static long cpuTicks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc stat line");
    }
    // after ") ": field 3 (state) is index 0, so field n is index n - 3
    String[] fields = statLine.substring(close + 2).trim().split(" ");
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /**
   * The names HotSpot gives its JIT compiler threads, as /proc shows them (a thread's name is cut to
   * 15 characters there): "C1 CompilerThread0", "C2 CompilerThread0".
   */
  private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

  /** Whether a thread's stat line is one of a JIT compiler thread. */
  static boolean isCompilerThread(String statLine) {
    int open = statLine.indexOf('(');
    int close = statLine.lastIndexOf(')');
    return open >= 0 && close > open && COMPILER_THREADS.stream().anyMatch(statLine.substring(open + 1, close)::startsWith);
  }

  /** CPU seconds a JVM's JIT compiler threads have used so far; NaN when it is gone. */
  public static double compilerCpuSeconds(long pid) {
    return compilerCpuSeconds(Path.of("/proc", Long.toString(pid), "task"));
  }

  /** The same over a /proc/&lt;pid&gt;/task directory: a thread that ends while it is read is left out. */
  static double compilerCpuSeconds(Path tasks) {
    try (Stream<Path> threads = Files.list(tasks)) {
      long ticks = 0;
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String stat;
        try {
          stat = Files.readString(thread.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        if (isCompilerThread(stat)) {
          ticks += cpuTicks(stat);
        }
      }
      return ticks / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException gone) { // RuntimeException: an UncheckedIOException of the listing too
      return Double.NaN;
    }
  }

  /** CPU seconds the process has used so far; NaN when it is gone. */
  public static double cpuSeconds(long pid) {
    try {
      return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException gone) {
      return Double.NaN;
    }
  }
}
