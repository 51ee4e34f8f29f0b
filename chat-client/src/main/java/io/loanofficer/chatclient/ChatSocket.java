package io.loanofficer.chatclient;

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

/**
 * One socket on {@code /ws/chat} (protocol v1), on the JDK's WebSocket client: it queues the frames it
 * receives, remembers how it was closed, and can run a whole turn while checking the protocol's
 * promises (accepted first, then progress, then exactly one final frame).
 */
public final class ChatSocket implements AutoCloseable {

  /** The origin the local gateway allows by default. */
  public static final String LOCAL_ORIGIN = "http://localhost:8080";

  /** How the server closed the socket (status -1: the connection failed). */
  public record Closed(int status, String reason) {}

  /**
   * The frames of one turn: its acknowledgement (null when the question was refused before it was
   * accepted), its progress ("tool:status"), its one final frame.
   */
  public record Turn(JsonNode accepted, List<String> progress, JsonNode reply) {
    public String conversationId() {
      return accepted.get("conversationId").asString();
    }
  }

  private final BlockingQueue<JsonNode> frames;
  private final CompletableFuture<Closed> closed;
  private final WebSocket socket;
  private int counter;

  private ChatSocket(BlockingQueue<JsonNode> frames, CompletableFuture<Closed> closed, WebSocket socket) {
    this.frames = frames;
    this.closed = closed;
    this.socket = socket;
  }

  /** A gateway on this machine, from the local origin. */
  public static ChatSocket connect(int port, String token) {
    return connect(URI.create("http://127.0.0.1:" + port), token, LOCAL_ORIGIN);
  }

  public static ChatSocket connect(int port, String token, String origin) {
    return connect(URI.create("http://127.0.0.1:" + port), token, origin);
  }

  /**
   * @param base the gateway's http(s) base URL
   * @param token the JWT, sent as {@code access_token} as browsers must; null sends none
   * @param origin the Origin header; null sends none
   * @throws CompletionException when the upgrade is refused (cause {@link WebSocketHandshakeException})
   */
  public static ChatSocket connect(URI base, String token, String origin) {
    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    CompletableFuture<Closed> closed = new CompletableFuture<>();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    String ws = base.toString().replaceFirst("^http", "ws").replaceAll("/$", "");
    URI uri = URI.create(ws + "/ws/chat" + (token == null ? "" : "?access_token=" + token));
    WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
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
    return new ChatSocket(frames, closed, socket);
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

  /**
   * Asks and collects the turn's frames up to its final one ({@link #awaitTurn}), then checks that
   * nothing follows within half a second.
   *
   * @throws AssertionError when the gateway breaks the protocol, refuses the question or is silent for
   *     {@code timeout}
   */
  public Turn turn(String conversationId, String question, Duration timeout) throws InterruptedException {
    Turn turn = awaitTurn(ask(conversationId, question), timeout);
    expect(turn.accepted() != null, "the question was accepted: " + turn.reply());
    List<JsonNode> after = drain(Duration.ofMillis(500));
    expect(after.isEmpty(), "nothing after the final frame, got " + after);
    return turn;
  }

  /**
   * The frames of the question sent with this clientMessageId, up to its final one, checking the
   * protocol's order: accepted first, then this turn's progress, then one final frame. A question
   * refused before it was accepted (an error frame naming the clientMessageId) is a turn without
   * {@code accepted}.
   */
  public Turn awaitTurn(String clientMessageId, Duration timeout) throws InterruptedException {
    JsonNode first = next(timeout);
    expect(clientMessageId.equals(first.path("clientMessageId").asString(null)), "first frame answers " + clientMessageId
        + ": " + first);
    if ("error".equals(first.path("type").asString(null))) {
      return new Turn(null, List.of(), first);
    }
    expect("accepted".equals(first.path("type").asString(null)), "first frame of a turn is accepted: " + first);
    String turnId = first.get("turnId").asString();
    List<String> progress = new ArrayList<>();
    while (true) {
      JsonNode frame = next(timeout);
      expect(turnId.equals(frame.path("turnId").asString(null)), "frame of turn " + turnId + ": " + frame);
      if (!"progress".equals(frame.get("type").asString())) {
        return new Turn(first, progress, frame);
      }
      progress.add(frame.get("tool").asString() + ":" + frame.get("status").asString());
    }
  }

  /** Sends a user_message and returns its clientMessageId ({@code c-1}, {@code c-2}, ... on this socket). */
  public String ask(String conversationId, String text) {
    return ask(conversationId, text, "c-" + (++counter));
  }

  /** Sends a user_message with the client's own clientMessageId (unique across its sockets). */
  public String ask(String conversationId, String text, String clientMessageId) {
    send(question(conversationId, text, clientMessageId));
    return clientMessageId;
  }

  /**
   * Sends a question of the conversation again after a reconnect, not knowing whether it was accepted
   * ({@code "resend": true}): the gateway answers for the turn it already became, or takes it as new.
   */
  public void resend(String conversationId, String text, String clientMessageId) {
    Map<String, Object> frame = question(conversationId, text, clientMessageId);
    frame.put("resend", true);
    send(frame);
  }

  private static Map<String, Object> question(String conversationId, String text, String clientMessageId) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "user_message");
    frame.put("clientMessageId", clientMessageId);
    if (conversationId != null) {
      frame.put("conversationId", conversationId);
    }
    frame.put("text", text);
    return frame;
  }

  /** Asks for the conversation's history after a reconnect (the gateway answers {@code history}). */
  public void resume(String conversationId) {
    send(Map.of("type", "resume", "conversationId", conversationId));
  }

  public void send(Map<String, Object> frame) {
    sendRaw(JsonMapper.shared().writeValueAsString(frame));
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame, or fails after the timeout. */
  public JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + timeout);
    }
    return frame;
  }

  /** Frames that arrive within the window (to show that nothing more comes). */
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

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
