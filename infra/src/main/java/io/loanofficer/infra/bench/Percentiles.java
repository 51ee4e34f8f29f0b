package io.loanofficer.infra.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of values (the same rule as the fault runs' table). */
public final class Percentiles {

  private final double[] sorted;

  public Percentiles(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  public int count() {
    return sorted.length;
  }

  /** The smallest value with at least {@code percent} % of the values at or below it; NaN when empty. */
  public double value(double percent) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  /**
   * The empirical CDF at {@code points} evenly spaced ranks (x: value, y: fraction at or below it),
   * the last point at the maximum; fewer when there are fewer values.
   */
  public double[][] cdf(int points) {
    int n = Math.min(points, sorted.length);
    double[][] curve = new double[n][];
    for (int i = 0; i < n; i++) {
      int index = (int) Math.round((i + 1) * (double) sorted.length / n) - 1;
      curve[i] = new double[] {sorted[index], (index + 1) / (double) sorted.length};
    }
    return curve;
  }
}
