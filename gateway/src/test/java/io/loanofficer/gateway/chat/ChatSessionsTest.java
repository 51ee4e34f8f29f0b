package io.loanofficer.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.gateway.security.ChatIdentity;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A socket whose write is stuck (a client that stopped reading) while more than the send buffer's
 * limit waits behind it: the gateway closes it, so the client reconnects and resumes instead of
 * holding a socket that takes questions and never answers.
 */
class ChatSessionsTest {

  private static final ChatIdentity USER = new ChatIdentity("officer-1", List.of("LOAN_OFFICER"), "O1",
      Instant.parse("2099-01-01T00:00:00Z"));

  @Test
  void aWriteOverTheBufferLimitClosesTheSocketAndLaterFramesAreRefused() throws Exception {
    StuckNetwork network = new StuckNetwork("s-1");
    ChatSessions sessions = new ChatSessions();
    sessions.opened(network, USER);
    sessions.attach("conv-1", "s-1", "officer-1");

    Thread first = new Thread(() -> sessions.send("s-1", "{\"type\":\"progress\"}"));
    first.start();
    assertThat(network.writing.await(5, TimeUnit.SECONDS)).isTrue();

    String overLimit = "x".repeat((1 << 20) + 1); // 1 MiB + 1 byte waiting behind the stuck write
    assertThat(sessions.send("s-1", overLimit)).isFalse();
    assertThat(network.closedWith).containsExactly(CloseStatus.SESSION_NOT_RELIABLE);

    network.release.countDown();
    first.join(5000);
    assertThat(sessions.deliver("conv-1", "officer-1", "{\"type\":\"assistant_message\"}")).isZero();
    assertThat(network.sent).containsExactly("{\"type\":\"progress\"}");
  }

  @Test
  void aWriteWithinTheLimitWaitsForTheStuckOneAndTheSocketStaysOpen() throws Exception {
    StuckNetwork network = new StuckNetwork("s-2");
    ChatSessions sessions = new ChatSessions();
    sessions.opened(network, USER);

    Thread first = new Thread(() -> sessions.send("s-2", "one"));
    first.start();
    assertThat(network.writing.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(sessions.send("s-2", "two")).isTrue(); // buffered behind "one"
    network.release.countDown();
    first.join(5000);

    assertThat(network.closedWith).isEmpty();
    assertThat(network.sent).containsExactly("one", "two");
  }

  /** The network under a session: the first write blocks until released; records what went out. */
  private static final class StuckNetwork implements WebSocketSession {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final List<CloseStatus> closedWith = Collections.synchronizedList(new ArrayList<>());
    private final String id;

    StuckNetwork(String id) {
      this.id = id;
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) {
      writing.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sent.add(String.valueOf(message.getPayload()));
    }

    @Override
    public boolean isOpen() {
      return closedWith.isEmpty();
    }

    @Override
    public void close() {
      close(CloseStatus.NORMAL);
    }

    @Override
    public void close(CloseStatus status) {
      closedWith.add(status);
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public URI getUri() {
      return URI.create("ws://127.0.0.1/ws/chat");
    }

    @Override
    public HttpHeaders getHandshakeHeaders() {
      return new HttpHeaders();
    }

    @Override
    public Map<String, Object> getAttributes() {
      return Map.of();
    }

    @Override
    public Principal getPrincipal() {
      return null;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return null;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return null;
    }

    @Override
    public String getAcceptedProtocol() {
      return null;
    }

    @Override
    public void setTextMessageSizeLimit(int messageSizeLimit) {}

    @Override
    public int getTextMessageSizeLimit() {
      return 0;
    }

    @Override
    public void setBinaryMessageSizeLimit(int messageSizeLimit) {}

    @Override
    public int getBinaryMessageSizeLimit() {
      return 0;
    }

    @Override
    public List<WebSocketExtension> getExtensions() {
      return List.of();
    }
  }
}
