package io.loanofficer.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client of /ws/chat (JDK HttpClient) that queues frames and remembers how it was closed. */
public final class TestSocket implements AutoCloseable {

  public static final String ALLOWED_ORIGIN = "http://localhost:8080";

  /** How the server closed the socket. */
  public record Closed(int status, String reason) {}

  private final BlockingQueue<JsonNode> frames;
  private final CompletableFuture<Closed> closed;
  private final WebSocket socket;
  private int counter;

  private TestSocket(BlockingQueue<JsonNode> frames, CompletableFuture<Closed> closed, WebSocket socket) {
    this.frames = frames;
    this.closed = closed;
    this.socket = socket;
  }

  public static TestSocket connect(int port, String token) {
    return connect(port, token, ALLOWED_ORIGIN);
  }

  public static TestSocket connect(int port, String token, String origin) {
    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    CompletableFuture<Closed> closed = new CompletableFuture<>();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    String query = token == null ? "" : "?access_token=" + token;
    WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat" + query), new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          frames.add(JsonMapper.shared().readTree(partial.toString()));
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, error.getClass().getSimpleName()));
      }
    }).orTimeout(10, TimeUnit.SECONDS).join();
    return new TestSocket(frames, closed, socket);
  }

  /** The HTTP status with which the upgrade is refused (fails when it is accepted). */
  public static int refusedUpgradeStatus(int port, String token, String origin) {
    try {
      connect(port, token, origin).close();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
    throw new AssertionError("the upgrade was accepted");
  }

  /** Sends a user_message and returns its clientMessageId. */
  public String ask(String conversationId, String text) {
    String clientMessageId = "c-" + (++counter);
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "user_message");
    frame.put("clientMessageId", clientMessageId);
    if (conversationId != null) {
      frame.put("conversationId", conversationId);
    }
    frame.put("text", text);
    send(frame);
    return clientMessageId;
  }

  public void resume(String conversationId) {
    send(Map.of("type", "resume", "conversationId", conversationId));
  }

  public void send(Map<String, Object> frame) {
    sendRaw(JsonMapper.shared().writeValueAsString(frame));
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  public JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + timeout);
    }
    return frame;
  }

  public List<JsonNode> drain(Duration window) throws InterruptedException {
    Thread.sleep(window.toMillis());
    List<JsonNode> rest = new ArrayList<>();
    frames.drainTo(rest);
    return rest;
  }

  /** How the server closed the socket; fails when it stays open for the timeout. */
  public Closed awaitClose(Duration timeout) {
    return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  public boolean isOpen() {
    return !closed.isDone() && !socket.isOutputClosed();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }
}
