package io.loanofficer.infra;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.infra.bench.Percentiles;
import io.loanofficer.infra.corebanking.CoreBanking;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Change committed → alert frame on the officer's socket, end to end on the real parts of
 * AlertsEndToEndTest (PostgreSQL, change capture, KRaft broker, tool worker with the rules,
 * orchestrator recording the chain, gateway, a WebSocket client), all in this JVM. Each sample is core
 * banking's credit-score update of B001 from 750 to 690 (a fall of 60: CREDIT_DROP), timed from the
 * return of its commit to the frame's arrival; between samples the score goes back to 750 (a rise,
 * no alert). One change at a time, so this is latency, not throughput. Not part of the test suite:
 * run infra/bench-alerts.sh.
 */
public final class AlertLatencyBenchmark {

  private static final String DATABASE = "bench_alerts";
  private static final Duration WAIT = CapturedSystem.WAIT;

  private AlertLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long started = System.nanoTime();
    try (CapturedSystem stack = CapturedSystem.start(DATABASE)) {
      RunningSystem system = stack.system;
      System.out.printf("[bench-alerts] stack up in %.1f s%n", (System.nanoTime() - started) / 1e9);
      CoreBanking bank = stack.bank(Clock.systemUTC());
      try (ChatSocket officer = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"))) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < warmup + samples; i++) {
          bank.creditScore("B001", 690);
          long committed = System.nanoTime();
          JsonNode frame = nextAlert(officer);
          double elapsed = (System.nanoTime() - committed) / 1e6;
          if (!frame.path("text").asString().equals(
              "Credit score of borrower B001 fell by 60 points, from 750 to 690: a fall of 50 or more.")) {
            throw new IllegalStateException("unexpected alert " + frame);
          }
          if (i >= warmup) {
            millis.add(elapsed);
          }
          bank.creditScore("B001", 750);
        }
        report(millis, warmup);
      }
    }
    System.exit(0);
  }

  private static JsonNode nextAlert(ChatSocket socket) throws InterruptedException {
    while (true) {
      JsonNode frame = socket.next(WAIT);
      if ("alert".equals(frame.path("type").asString())) {
        return frame;
      }
    }
  }

  private static void report(List<Double> millis, int warmup) {
    Percentiles p = new Percentiles(millis.stream().mapToDouble(Double::doubleValue).toArray());
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf("[bench-alerts] change committed -> alert frame, %d samples after %d warm-up: "
            + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms (load average %.1f, %d cores)%n",
        p.count(), warmup, p.value(50), p.value(90), p.value(99), p.value(100), p.value(0), load,
        Runtime.getRuntime().availableProcessors());
  }
}
