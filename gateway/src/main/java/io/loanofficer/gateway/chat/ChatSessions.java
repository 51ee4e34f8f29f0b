package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.Roles;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The sockets of this gateway: whose they are, which conversations they hold, when they last
 * carried a frame. A frame for a conversation goes only to the sockets of the user it is for.
 * Writes to one socket come from several threads (Kafka listener, producer callbacks, timers), so
 * each socket is wrapped to serialise them. A write that fails closes the socket: the wrapper drops
 * every frame after a write over its limits without a word, and a socket left open then would take
 * questions and never answer (the client reconnects and resumes instead).
 */
public class ChatSessions {

  /** The token expired while the socket was open: the client should reconnect with a fresh one. */
  public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "token expired");
  /** No frame either way for the idle timeout. */
  public static final CloseStatus IDLE_TIMEOUT = new CloseStatus(4408, "idle timeout");

  private static final Logger log = LoggerFactory.getLogger(ChatSessions.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 1 << 20;
  /** The most a history frame carries: with the live frames of a turn it stays within a socket's buffer. */
  public static final int HISTORY_LIMIT_BYTES = BUFFER_LIMIT_BYTES / 4;

  /** One open socket. */
  public static final class Socket {
    private final WebSocketSession session;
    private final ChatIdentity identity;
    private volatile long lastActivityNanos = System.nanoTime();

    Socket(WebSocketSession session, ChatIdentity identity) {
      this.session = session;
      this.identity = identity;
    }

    public String id() {
      return session.getId();
    }

    public ChatIdentity identity() {
      return identity;
    }
  }

  private record Holder(String sessionId, String userId) {}

  private final Map<String, Socket> open = new ConcurrentHashMap<>();
  private final Map<String, Set<Holder>> byConversation = new ConcurrentHashMap<>();
  /** Sockets of analysts who asked for every alert (subscribe_alerts). */
  private final Set<String> alertSubscribers = ConcurrentHashMap.newKeySet();

  /** The officer whose portfolio a socket's user sees: the officer_id claim, else the subject. */
  public static String portfolioOfficer(ChatIdentity identity) {
    return identity.officerId() != null ? identity.officerId() : identity.userId();
  }

  public void subscribeAlerts(String sessionId) {
    alertSubscribers.add(sessionId);
  }

  /**
   * Sends an alert to every socket of the borrower's officer (loan officers whose portfolio it is)
   * and of subscribed analysts; never to another officer. Returns how many sockets got it.
   */
  public int deliverAlert(String officerId, String frame) {
    int delivered = 0;
    for (Socket socket : open.values()) {
      ChatIdentity identity = socket.identity();
      boolean owner = identity.roles().contains(Roles.LOAN_OFFICER) && officerId.equals(portfolioOfficer(identity));
      if ((owner || alertSubscribers.contains(socket.id())) && send(socket.id(), frame)) {
        delivered++;
      }
    }
    return delivered;
  }

  public void opened(WebSocketSession session, ChatIdentity identity) {
    open.put(session.getId(), new Socket(
        new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES), identity));
  }

  public void closed(WebSocketSession session) {
    open.remove(session.getId());
    alertSubscribers.remove(session.getId());
    byConversation.values().forEach(holders -> holders.removeIf(h -> h.sessionId().equals(session.getId())));
    byConversation.values().removeIf(Set::isEmpty);
  }

  public ChatIdentity identity(String sessionId) {
    Socket socket = open.get(sessionId);
    return socket == null ? null : socket.identity();
  }

  public void attach(String conversationId, String sessionId, String userId) {
    byConversation.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet())
        .add(new Holder(sessionId, userId));
  }

  public void detach(String conversationId, String sessionId) {
    Set<Holder> holders = byConversation.get(conversationId);
    if (holders != null) {
      holders.removeIf(h -> h.sessionId().equals(sessionId));
    }
  }

  /** Sends a frame to this gateway's sockets of the conversation that belong to the user; returns how many. */
  public int deliver(String conversationId, String userId, String frame) {
    int delivered = 0;
    for (Holder holder : byConversation.getOrDefault(conversationId, Set.of())) {
      if (holder.userId().equals(userId) && send(holder.sessionId(), frame)) {
        delivered++;
      }
    }
    return delivered;
  }

  /** Sends one frame to one socket; false when it is gone or the write failed. */
  public boolean send(String sessionId, String frame) {
    Socket socket = open.get(sessionId);
    if (socket == null || !socket.session.isOpen()) {
      return false;
    }
    try {
      socket.session.sendMessage(new TextMessage(frame));
      socket.lastActivityNanos = System.nanoTime();
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("Could not write to socket {}: {}; closing it", sessionId, e.getClass().getSimpleName());
      close(sessionId, CloseStatus.SESSION_NOT_RELIABLE);
      return false;
    }
  }

  /** A frame came in on the socket. */
  public void touch(String sessionId) {
    Socket socket = open.get(sessionId);
    if (socket != null) {
      socket.lastActivityNanos = System.nanoTime();
    }
  }

  /** The open sockets that carried no frame for at least {@code idle}. */
  public List<Socket> idleFor(Duration idle) {
    long now = System.nanoTime();
    return open.values().stream().filter(s -> now - s.lastActivityNanos >= idle.toNanos()).toList();
  }

  /** Closes one socket with a status; quiet when it is already gone. */
  public void close(String sessionId, CloseStatus status) {
    Socket socket = open.get(sessionId);
    if (socket == null) {
      return;
    }
    try {
      socket.session.close(status);
    } catch (IOException | RuntimeException e) {
      log.debug("Closing socket {}: {}", sessionId, e.getClass().getSimpleName());
    }
  }

  public int openSockets() {
    return open.size();
  }
}
