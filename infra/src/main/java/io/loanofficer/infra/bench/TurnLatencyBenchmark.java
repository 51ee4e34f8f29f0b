package io.loanofficer.infra.bench;

import io.loanofficer.chatclient.ChatSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of one chat turn against a running system (infra/run-local.sh): from sending a
 * user_message to its final frame, through gateway, Kafka, orchestrator, tool worker and back.
 * Prints p50/p90/p99/max. Usage: infra/bench-turn-latency.sh [turns] [gatewayUrl]
 */
public final class TurnLatencyBenchmark {

  private static final JsonMapper JSON = JsonMapper.shared();

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
      try (ChatSocket session = ChatSocket.connect(URI.create(base), devToken(base, "bench-" + ProcessHandle.current().pid()
          + "-" + user), ChatSocket.LOCAL_ORIGIN)) {
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

  /** A token from the local profile's dev endpoint (an analyst: every question is allowed). */
  private static String devToken(String base, String userId) throws Exception {
    HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\",\"roles\":[\"CREDIT_ANALYST\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(token.body()).get("token").asString();
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
