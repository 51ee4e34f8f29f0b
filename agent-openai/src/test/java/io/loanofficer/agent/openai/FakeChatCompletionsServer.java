package io.loanofficer.agent.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A local Chat Completions server for tests: answers {@code POST /v1/chat/completions} from a scripted
 * queue, in order, and records every request it receives.
 */
public final class FakeChatCompletionsServer implements AutoCloseable {

  /** One scripted answer: status, headers, body, and how long to wait before answering. */
  public record Scripted(int status, Map<String, String> headers, String body, Duration delay) {}

  /** One received request. */
  public record Received(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "fake-openai");
    thread.setDaemon(true);
    return thread;
  });
  private final BlockingQueue<Scripted> script = new LinkedBlockingQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Received, Scripted> fallback = request -> new Scripted(500, Map.of(),
      "{\"error\":{\"message\":\"no scripted answer\",\"type\":\"test\"}}", Duration.ZERO);

  public FakeChatCompletionsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public FakeChatCompletionsServer enqueue(Scripted answer) {
    script.add(answer);
    return this;
  }

  public FakeChatCompletionsServer enqueueOk(String body) {
    return enqueue(new Scripted(200, Map.of(), body, Duration.ZERO));
  }

  /** How to answer when the script is empty (a load test's model, say). */
  public FakeChatCompletionsServer otherwise(Function<Received, Scripted> answer) {
    this.fallback = answer;
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body);
      received.add(request);
      Scripted answer = script.poll();
      if (answer == null) {
        answer = fallback.apply(request);
      }
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client gave up (timeout): nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------ canned bodies

  /** A completion asking for tools; each call is {id, name, arguments}. */
  public static String toolCalls(String[]... calls) {
    StringBuilder json = new StringBuilder();
    for (String[] call : calls) {
      if (json.length() > 0) {
        json.append(',');
      }
      json.append("{\"id\":").append(quote(call[0])).append(",\"type\":\"function\",\"function\":{\"name\":")
          .append(quote(call[1])).append(",\"arguments\":").append(quote(call[2])).append("}}");
    }
    return completion("tool_calls", "\"content\":null,\"tool_calls\":[" + json + "]");
  }

  /** A completion with a final answer. */
  public static String answer(String text) {
    return completion("stop", "\"content\":" + quote(text));
  }

  /**
   * The model version this server says answered, whatever was requested: a dated name, as OpenAI
   * answers a request for an alias.
   */
  public static final String SERVED_MODEL = "gpt-test-2026-11-01";

  public static String completion(String finishReason, String messageFields) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
        + SERVED_MODEL + "\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"" + finishReason + "\",\"logprobs\":null,"
        + "\"message\":{\"role\":\"assistant\"," + messageFields + "}}],"
        + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"total_tokens\":150}}";
  }

  public static String error(String type, String code, String message) {
    return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"code\":"
        + (code == null ? "null" : quote(code)) + ",\"param\":null}}";
  }

  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
