package io.loanofficer.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /** CPU seconds the process has used so far; NaN when it is gone. */
  public static double cpuSeconds(long pid) {
    try {
      return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException gone) {
      return Double.NaN;
    }
  }
}
