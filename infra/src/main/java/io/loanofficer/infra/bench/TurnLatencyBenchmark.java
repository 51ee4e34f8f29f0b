package io.loanofficer.infra.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
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
      try (Session session = Session.open(base, "bench-" + ProcessHandle.current().pid() + "-" + user)) {
        String conversationId = null;
        for (int i = 0; i < TURNS_PER_USER && done < turns + warmup; i++, done++) {
          long start = System.nanoTime();
          JsonNode[] turn = session.ask(conversationId, questions[done % questions.length]);
          double elapsed = (System.nanoTime() - start) / 1e6;
          conversationId = turn[0].get("conversationId").asString();
          if (turn[1].get("type").asString().equals("error")) {
            errors.merge(turn[1].get("code").asString(), 1, Integer::sum);
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

  /** One user's socket. */
  private static final class Session implements AutoCloseable {
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private int counter;

    private Session(String base, String jwt) throws Exception {
      this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Origin", "http://localhost:8080")
          .buildAsync(URI.create(base.replace("http", "ws") + "/ws/chat?access_token=" + jwt), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              partial.append(data);
              if (last) {
                frames.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
              }
              ws.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
    }

    static Session open(String base, String userId) throws Exception {
      HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/dev/token"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\",\"roles\":[\"CREDIT_ANALYST\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Session(base, JSON.readTree(token.body()).get("token").asString());
    }

    /** Sends a question and returns its accepted frame and its final frame. */
    JsonNode[] ask(String conversationId, String text) throws Exception {
      Map<String, Object> frame = new java.util.LinkedHashMap<>();
      frame.put("type", "user_message");
      frame.put("clientMessageId", "b-" + (++counter));
      if (conversationId != null) {
        frame.put("conversationId", conversationId);
      }
      frame.put("text", text);
      socket.sendText(JSON.writeValueAsString(frame), true).join();
      JsonNode accepted = null;
      while (true) {
        JsonNode reply = frames.poll(30, TimeUnit.SECONDS);
        if (reply == null) {
          throw new IllegalStateException("no reply within 30 s");
        }
        String type = reply.get("type").asString();
        if (type.equals("accepted")) {
          accepted = reply;
        } else if (type.equals("assistant_message") || type.equals("error")) {
          return new JsonNode[] {accepted == null ? reply : accepted, reply};
        }
      }
    }

    @Override
    public void close() throws Exception {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
