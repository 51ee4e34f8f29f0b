package io.loanofficer.infra.bench;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.chatclient.DevTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Latency of one chat turn against a running system (infra/run-local.sh): from sending a
 * user_message to its final frame, through gateway, Kafka, orchestrator, tool worker and back.
 * Prints p50/p90/p99/max. Usage: infra/bench-turn-latency.sh [turns] [gatewayUrl]
 */
public final class TurnLatencyBenchmark {

  private TurnLatencyBenchmark() {}

  /** Turns per user and socket: below the gateway's default per-user rate limit (20 frames a minute). */
  private static final int TURNS_PER_USER = 15;

  public static void main(String[] args) throws Exception {
    int turns = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    String base = args.length > 1 ? args[1] : "http://127.0.0.1:8080";
    String[] questions = {"Is the collateral sufficient for loan L002?", "What's the status of loan L001?",
        "What's the default risk for borrower B001?"};
    List<Double> millis = new ArrayList<>();
    Map<String, Integer> errors = new java.util.TreeMap<>();
    int warmup = Math.min(20, turns / 5);
    int done = 0;
    for (int user = 1; done < turns + warmup; user++) {
      // analysts: every question is allowed
      String token = DevTokens.fetch(URI.create(base), "bench-" + ProcessHandle.current().pid() + "-" + user,
          "CREDIT_ANALYST");
      try (ChatSocket session = ChatSocket.connect(URI.create(base), token, ChatSocket.LOCAL_ORIGIN)) {
        String conversationId = null;
        for (int i = 0; i < TURNS_PER_USER && done < turns + warmup; i++, done++) {
          long start = System.nanoTime();
          ChatSocket.Turn turn = session.awaitTurn(session.ask(conversationId, questions[done % questions.length]),
              Duration.ofSeconds(30));
          double elapsed = (System.nanoTime() - start) / 1e6;
          if (turn.accepted() != null) {
            conversationId = turn.conversationId();
          }
          if (turn.reply().get("type").asString().equals("error")) {
            errors.merge(turn.reply().get("code").asString(), 1, Integer::sum);
          } else if (done >= warmup) {
            millis.add(elapsed);
          }
        }
      }
    }
    Collections.sort(millis);
    System.out.printf("turns answered: %d (after %d warm-up; %d per user and socket), errors: %s%n", millis.size(),
        warmup, TURNS_PER_USER, errors.isEmpty() ? "none" : errors);
    System.out.printf("turn latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
        pct(millis, 50), pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1));
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
