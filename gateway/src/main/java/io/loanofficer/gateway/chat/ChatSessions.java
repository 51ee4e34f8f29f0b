package io.loanofficer.gateway.chat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The sockets of this gateway: which hold which conversation, and whose they are. A frame for a
 * conversation goes only to the sockets of the user it is for. Writes to one socket come from
 * several threads (Kafka listener, producer callbacks), so each socket is wrapped to serialise them.
 */
public class ChatSessions {

  private static final Logger log = LoggerFactory.getLogger(ChatSessions.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 1 << 20;

  private record Holder(String sessionId, String userId) {}

  private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();
  private final Map<String, Set<Holder>> byConversation = new ConcurrentHashMap<>();

  public void opened(WebSocketSession session) {
    open.put(session.getId(), new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES));
  }

  public void closed(WebSocketSession session) {
    open.remove(session.getId());
    byConversation.values().forEach(holders -> holders.removeIf(h -> h.sessionId().equals(session.getId())));
    byConversation.values().removeIf(Set::isEmpty);
  }

  public void attach(String conversationId, WebSocketSession session, String userId) {
    byConversation.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet())
        .add(new Holder(session.getId(), userId));
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
    WebSocketSession session = open.get(sessionId);
    if (session == null || !session.isOpen()) {
      return false;
    }
    try {
      session.sendMessage(new TextMessage(frame));
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn("Could not write to socket {}: {}", sessionId, e.getClass().getSimpleName());
      return false;
    }
  }
}
