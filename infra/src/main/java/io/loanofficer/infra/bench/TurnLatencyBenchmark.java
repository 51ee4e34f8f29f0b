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

  private TurnLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int turns = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    String base = args.length > 1 ? args[1] : "http://127.0.0.1:8080";
    JsonMapper json = JsonMapper.shared();
    HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"bench-analyst\",\"roles\":[\"CREDIT_ANALYST\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    String jwt = json.readTree(token.body()).get("token").asString();
    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Origin", "http://localhost:8080")
        .buildAsync(URI.create(base.replace("http", "ws") + "/ws/chat?access_token=" + jwt), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              frames.add(json.readTree(partial.toString()));
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    String[] questions = {"Is the collateral sufficient for loan L002?", "What's the status of loan L001?",
        "What's the default risk for borrower B001?"};
    String conversationId = null;
    List<Double> millis = new ArrayList<>();
    int warmup = Math.min(20, turns / 5);
    for (int i = 0; i < turns + warmup; i++) {
      Map<String, Object> frame = new java.util.LinkedHashMap<>();
      frame.put("type", "user_message");
      frame.put("clientMessageId", "b-" + i);
      if (conversationId != null) {
        frame.put("conversationId", conversationId);
      }
      frame.put("text", questions[i % questions.length]);
      long start = System.nanoTime();
      socket.sendText(json.writeValueAsString(frame), true).join();
      while (true) {
        JsonNode reply = frames.poll(30, TimeUnit.SECONDS);
        if (reply == null) {
          throw new IllegalStateException("no reply within 30 s for turn " + i);
        }
        String type = reply.get("type").asString();
        if (type.equals("accepted")) {
          conversationId = reply.get("conversationId").asString();
        } else if (type.equals("assistant_message") || type.equals("error")) {
          break;
        }
      }
      if (i >= warmup) {
        millis.add((System.nanoTime() - start) / 1e6);
      }
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    Collections.sort(millis);
    System.out.printf("turns: %d (after %d warm-up), one conversation, one tool call each%n", millis.size(), warmup);
    System.out.printf("turn latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
        pct(millis, 50), pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1));
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
