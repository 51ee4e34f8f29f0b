package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.gateway.limits.Limit;
import io.loanofficer.gateway.limits.LimitRecorder;
import io.loanofficer.gateway.limits.UserRateLimiter;
import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.TokenExpiryGuard;
import io.loanofficer.observability.ObservedWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;

/**
 * /ws/chat, protocol v1 with the {@code resume} extension. Every frame first passes the socket's
 * checks (token still valid, frame size, the user's rate), then goes to {@link TurnIntake}
 * ({@code user_message}), {@link ResumeHandler} ({@code resume}, and a {@code user_message} of a
 * conversation sent again with {@code "resend": true}) or {@link AlertsHandler} ({@code list_alerts},
 * {@code subscribe_alerts}). A frame that cannot be taken
 * gets exactly one {@code error} frame and the socket stays open; an expired token closes it (4401).
 * Each frame is observed as {@code chat.frame} (a span, the root of a turn's trace, and a timer by
 * frame type and result).
 */
public class ChatSocketHandler extends TextWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

  private final ChatSessions sessions;
  private final Frames frames;
  private final GatewayProperties properties;
  private final TurnIntake turns;
  private final ResumeHandler resume;
  private final UserRateLimiter rate;
  private final TokenExpiryGuard expiry;
  private final LimitRecorder limits;
  private final AlertsHandler alerts;
  private final ObservationRegistry observations;

  public ChatSocketHandler(ChatSessions sessions, Frames frames, GatewayProperties properties, TurnIntake turns,
      ResumeHandler resume, UserRateLimiter rate, TokenExpiryGuard expiry, LimitRecorder limits, AlertsHandler alerts,
      ObservationRegistry observations) {
    this.alerts = alerts;
    this.sessions = sessions;
    this.frames = frames;
    this.properties = properties;
    this.turns = turns;
    this.resume = resume;
    this.rate = rate;
    this.expiry = expiry;
    this.limits = limits;
    this.observations = observations;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    ChatIdentity identity = ChatIdentity.of(session.getPrincipal());
    sessions.opened(session, identity);
    expiry.watch(session.getId(), identity);
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    ObservedWork.observe(Observation.createNotStarted("chat.frame", observations).contextualName("ws chat.frame"),
        "frame.result", () -> handle(session, message), result -> result);
  }

  /** Handles one frame; returns what became of it (the span's and timer's {@code frame.result}). */
  private String handle(WebSocketSession session, TextMessage message) {
    String sessionId = session.getId();
    sessions.touch(sessionId);
    ChatIdentity identity = sessions.identity(sessionId);
    if (identity == null) {
      return "closing";
    }
    if (expiry.isExpired(identity)) {
      expiry.expire(sessionId);
      return "token_expired";
    }
    String payload = message.getPayload();
    if (payload.getBytes(StandardCharsets.UTF_8).length > properties.maxFrameBytes()) {
      limits.refused(Limit.FRAME_SIZE, identity.userId(), "frame over " + properties.maxFrameBytes() + " bytes");
      send(sessionId, frames.error(null, ErrorCode.TOO_LARGE, "Frames are limited to " + properties.maxFrameBytes() + " bytes."));
      return "too_large";
    }
    JsonNode frame = frames.read(payload);
    if (frame == null) {
      send(sessionId, frames.error(null, ErrorCode.INVALID_MESSAGE, "A frame must be a JSON object."));
      return "invalid";
    }
    String clientRef = ClientFrameFields.id(frame, "clientMessageId");
    UserRateLimiter.Decision decision = rate.tryAcquire(identity.userId());
    if (!decision.allowed()) {
      long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
      limits.refused(Limit.RATE, identity.userId(), "rate exceeded");
      send(sessionId, frames.error(clientRef, ErrorCode.RATE_LIMITED,
          "Too many messages; try again in " + seconds + " s."));
      return "rate_limited";
    }
    String type = ClientFrameFields.text(frame, "type");
    if ("user_message".equals(type) && frame.path("resend").asBoolean(false) && clientRef != null
        && ClientFrameFields.conversationId(frame) != null) {
      resume.resend(sessionId, identity, ClientFrameFields.conversationId(frame), clientRef,
          () -> turns.submit(sessionId, identity, frame, clientRef));
      return "resend";
    } else if ("user_message".equals(type)) {
      turns.submit(sessionId, identity, frame, clientRef);
      return "user_message";
    } else if ("resume".equals(type)) {
      resume.resume(sessionId, identity, frame, clientRef);
      return "resume";
    } else if ("list_alerts".equals(type)) {
      alerts.list(sessionId, identity, frame, clientRef);
      return "list_alerts";
    } else if ("subscribe_alerts".equals(type)) {
      alerts.subscribe(sessionId, identity, clientRef);
      return "subscribe_alerts";
    }
    send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE,
        "Unknown frame type; expected user_message, resume, list_alerts or subscribe_alerts."));
    return "invalid";
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    expiry.forget(session.getId());
    sessions.closed(session);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("Transport error on socket {}: {}", session.getId(), exception.getClass().getSimpleName());
  }

  private void send(String sessionId, String frame) {
    sessions.send(sessionId, frame);
  }
}
