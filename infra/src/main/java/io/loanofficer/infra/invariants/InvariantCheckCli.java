package io.loanofficer.infra.invariants;

import java.time.Duration;

/**
 * infra/check-invariants.sh: checks the promises on a running (or stopped) system's topics and prints
 * the table. Exit 0 when they hold, 1 when one is violated, 2 on bad usage.
 */
public final class InvariantCheckCli {

  private InvariantCheckCli() {}

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    Duration settle = Duration.ofSeconds(45);
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--bootstrap" -> bootstrap = args[++i];
          case "--settle-seconds" -> settle = Duration.ofSeconds(Long.parseLong(args[++i]));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println("check-invariants: " + e.getMessage());
      System.err.println("usage: check-invariants.sh [--bootstrap host:port] [--settle-seconds N]");
      System.exit(2);
    }
    InvariantChecker.Report report = new InvariantChecker(bootstrap, Duration.ofSeconds(60)).checkSettled(settle);
    System.out.print(report.toText());
    System.exit(report.holds() ? 0 : 1);
  }
}
