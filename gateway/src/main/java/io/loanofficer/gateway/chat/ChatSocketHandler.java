package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.gateway.security.ChatIdentity;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;

/**
 * /ws/chat, protocol v1. Each user_message is validated, published as a turn, and acknowledged with
 * `accepted` once Kafka has it; any frame that cannot be accepted gets exactly one `error` frame and
 * the socket stays open.
 */
public class ChatSocketHandler extends TextWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final TurnPublisher publisher;
  private final ChatSessions sessions;
  private final Frames frames;
  private final GatewayProperties properties;

  public ChatSocketHandler(TurnPublisher publisher, ChatSessions sessions, Frames frames, GatewayProperties properties) {
    this.publisher = publisher;
    this.sessions = sessions;
    this.frames = frames;
    this.properties = properties;
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
    String payload = message.getPayload();
    if (payload.getBytes(StandardCharsets.UTF_8).length > properties.maxFrameBytes()) {
      send(session, frames.error(null, ErrorCode.TOO_LARGE, "Frames are limited to " + properties.maxFrameBytes() + " bytes."));
      return;
    }
    JsonNode frame = frames.read(payload);
    if (frame == null) {
      send(session, frames.error(null, ErrorCode.INVALID_MESSAGE, "A frame must be a JSON object."));
      return;
    }
    String clientMessageId = text(frame, "clientMessageId");
    String clientRef = clientMessageId != null && ID.matcher(clientMessageId).matches() ? clientMessageId : null;
    if (!"user_message".equals(text(frame, "type"))) {
      send(session, frames.error(clientRef, ErrorCode.INVALID_MESSAGE, "Unknown frame type; expected user_message."));
      return;
    }
    if (clientRef == null) {
      send(session, frames.error(null, ErrorCode.INVALID_MESSAGE, "clientMessageId: 1-64 letters, digits, . _ : -"));
      return;
    }
    String text = text(frame, "text");
    if (text == null || text.isBlank()) {
      send(session, frames.error(clientRef, ErrorCode.INVALID_MESSAGE, "text must be a non-empty string."));
      return;
    }
    if (text.length() > properties.maxTextChars()) {
      send(session, frames.error(clientRef, ErrorCode.TOO_LARGE, "Questions are limited to " + properties.maxTextChars() + " characters."));
      return;
    }
    if (text.indexOf('\u0000') >= 0) {
      send(session, frames.error(clientRef, ErrorCode.INVALID_MESSAGE, "text must not contain NUL characters."));
      return;
    }
    JsonNode conversationNode = frame.get("conversationId");
    String conversationId;
    if (conversationNode == null || conversationNode.isNull()) {
      conversationId = UUID.randomUUID().toString();
    } else if (conversationNode.isString() && ID.matcher(conversationNode.asString()).matches()) {
      conversationId = conversationNode.asString();
    } else {
      send(session, frames.error(clientRef, ErrorCode.INVALID_MESSAGE, "conversationId: 1-64 letters, digits, . _ : -"));
      return;
    }
    ChatIdentity identity = ChatIdentity.of(session.getPrincipal());
    if (!identity.mayChat()) {
      send(session, frames.error(clientRef, ErrorCode.FORBIDDEN, "This role may not use the assistant."));
      return;
    }
    // Attach before publishing: the reply may arrive before the accepted frame is written.
    sessions.attach(conversationId, session, identity.userId());
    String turnId = UUID.randomUUID().toString();
    publisher.publish(conversationId, turnId, clientRef, text.strip(), identity).whenComplete((ok, failure) -> {
      if (failure == null) {
        send(session, frames.accepted(clientRef, conversationId, turnId));
      } else {
        log.error("Turn {} not published: {}", turnId, failure.getClass().getSimpleName());
        send(session, frames.error(clientRef, ErrorCode.UNAVAILABLE, "The assistant is unavailable; please retry."));
      }
    });
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    sessions.opened(session);
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    sessions.closed(session);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("Transport error on socket {}: {}", session.getId(), exception.getClass().getSimpleName());
  }

  private static String text(JsonNode frame, String field) {
    JsonNode node = frame.get(field);
    return node != null && node.isString() ? node.asString() : null;
  }

  private void send(WebSocketSession session, String frame) {
    sessions.send(session.getId(), frame);
  }
}
