package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client of /ws/chat (JDK HttpClient) that queues the frames it receives. */
final class ChatClient implements AutoCloseable {

  private final BlockingQueue<JsonNode> frames;
  private final WebSocket socket;
  private int counter;

  private ChatClient(BlockingQueue<JsonNode> frames, WebSocket socket) {
    this.frames = frames;
    this.socket = socket;
  }

  static ChatClient connect(int port, String token) {
    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Origin", "http://localhost:8080")
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat?access_token=" + token), new WebSocket.Listener() {
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
        })
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
    return new ChatClient(frames, socket);
  }

  /** The frames of one turn: its acknowledgement, its progress frames ("tool:status"), its one final frame. */
  record TurnFrames(JsonNode accepted, List<String> progress, JsonNode reply) {
    String conversationId() {
      return accepted.get("conversationId").asString();
    }
  }

  /**
   * Asks and collects the turn's frames up to its final one, asserting the protocol's order
   * (accepted first, then progress, then one final frame) and that nothing follows within half a second.
   */
  TurnFrames turn(String conversationId, String question, Duration timeout) throws InterruptedException {
    String clientMessageId = ask(conversationId, question);
    JsonNode accepted = next(timeout);
    assertThat(accepted.get("type").asString()).as("first frame of a turn: %s", accepted).isEqualTo("accepted");
    assertThat(accepted.get("clientMessageId").asString()).isEqualTo(clientMessageId);
    String turnId = accepted.get("turnId").asString();
    List<String> progress = new java.util.ArrayList<>();
    while (true) {
      JsonNode frame = next(timeout);
      assertThat(frame.get("turnId").asString()).isEqualTo(turnId);
      if (!frame.get("type").asString().equals("progress")) {
        assertThat(drain(Duration.ofMillis(500))).as("nothing after the final frame").isEmpty();
        return new TurnFrames(accepted, progress, frame);
      }
      progress.add(frame.get("tool").asString() + ":" + frame.get("status").asString());
    }
  }

  /** Sends a user_message and returns its clientMessageId. */
  String ask(String conversationId, String text) {
    String clientMessageId = "c-" + (++counter);
    Map<String, Object> frame = new java.util.LinkedHashMap<>();
    frame.put("type", "user_message");
    frame.put("clientMessageId", clientMessageId);
    if (conversationId != null) {
      frame.put("conversationId", conversationId);
    }
    frame.put("text", text);
    sendRaw(JsonMapper.shared().writeValueAsString(frame));
    return clientMessageId;
  }

  /** Sends a resume frame (protocol extension) for the conversation. */
  void resume(String conversationId) {
    sendRaw(JsonMapper.shared().writeValueAsString(Map.of("type", "resume", "conversationId", conversationId)));
  }

  void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame, or fails after the timeout. */
  JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + timeout);
    }
    return frame;
  }

  /** Frames that arrive within the window (to prove that nothing more comes). */
  List<JsonNode> drain(Duration window) throws InterruptedException {
    Thread.sleep(window.toMillis());
    List<JsonNode> rest = new java.util.ArrayList<>();
    frames.drainTo(rest);
    return rest;
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }
}
