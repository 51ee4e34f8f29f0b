package io.loanofficer.gateway.chat;

import io.loanofficer.audit.AuditKeys;
import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.gateway.limits.Limit;
import io.loanofficer.gateway.limits.LimitRecorder;
import io.loanofficer.gateway.limits.TurnsInFlight;
import io.loanofficer.gateway.security.ChatIdentity;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A {@code user_message}: validated, checked against the user's role and turns in flight, published
 * as a turn, and acknowledged with {@code accepted} once Kafka has it, before any other frame of the
 * turn ({@link AcceptanceGate}). Anything refused gets exactly one {@code error} frame.
 */
public class TurnIntake {

  private static final Logger log = LoggerFactory.getLogger(TurnIntake.class);

  private final TurnPublisher publisher;
  private final ChatSessions sessions;
  private final Frames frames;
  private final GatewayProperties properties;
  private final TurnsInFlight inFlight;
  private final LimitRecorder limits;
  private final AcceptanceGate gate;
  private final TurnMeters turnMeters;

  public TurnIntake(TurnPublisher publisher, ChatSessions sessions, Frames frames, GatewayProperties properties,
      TurnsInFlight inFlight, LimitRecorder limits, AcceptanceGate gate, TurnMeters turnMeters) {
    this.gate = gate;
    this.turnMeters = turnMeters;
    this.publisher = publisher;
    this.sessions = sessions;
    this.frames = frames;
    this.properties = properties;
    this.inFlight = inFlight;
    this.limits = limits;
  }

  public void submit(String sessionId, ChatIdentity identity, JsonNode frame, String clientRef) {
    if (clientRef == null) {
      send(sessionId, frames.error(null, ErrorCode.INVALID_MESSAGE, "clientMessageId: 1-64 letters, digits, . _ : -"));
      return;
    }
    String text = ClientFrameFields.text(frame, "text");
    if (text == null || text.isBlank()) {
      send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE, "text must be a non-empty string."));
      return;
    }
    if (text.length() > properties.maxTextChars()) {
      send(sessionId, frames.error(clientRef, ErrorCode.TOO_LARGE,
          "Questions are limited to " + properties.maxTextChars() + " characters."));
      return;
    }
    if (text.indexOf('\u0000') >= 0) {
      send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE, "text must not contain NUL characters."));
      return;
    }
    JsonNode conversationNode = frame.get("conversationId");
    String conversationId;
    if (conversationNode == null || conversationNode.isNull()) {
      conversationId = UUID.randomUUID().toString();
    } else if (ClientFrameFields.conversationId(frame) != null) {
      conversationId = ClientFrameFields.conversationId(frame);
    } else {
      send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE,
          "conversationId: 1-64 letters, digits, . _ : -, not starting with " + AuditKeys.GATEWAY_CHAIN_PREFIX
          + " or " + AuditKeys.ALERT_CHAIN_PREFIX));
      return;
    }
    if (!identity.mayChat()) {
      send(sessionId, frames.error(clientRef, ErrorCode.FORBIDDEN, "This role may not use the assistant."));
      return;
    }
    String turnId = UUID.randomUUID().toString();
    if (!inFlight.tryReserve(identity.userId(), turnId)) {
      limits.refused(Limit.TURNS_IN_FLIGHT, identity.userId(), "already waiting for answers");
      send(sessionId, frames.error(clientRef, ErrorCode.RATE_LIMITED,
          "Too many questions are still being answered; wait for an answer, then ask again."));
      return;
    }
    // Attach before publishing: the reply may arrive before the accepted frame is written (the gate holds it).
    sessions.attach(conversationId, sessionId, identity.userId());
    gate.expect(turnId);
    boolean noticeAcknowledged = frame.has("noticeAcknowledged") && frame.get("noticeAcknowledged").asBoolean(false);
    TurnPublisher.Question question = TurnPublisher.Question.redact(text.strip());
    CompletableFuture<?> published;
    try {
      published = publisher.publish(conversationId, turnId, clientRef, question, identity, noticeAcknowledged);
    } catch (RuntimeException e) {
      // the producer can refuse at once (no metadata in time, buffer full): the same answer as a failed send
      published = CompletableFuture.failedFuture(e);
    }
    published.whenComplete((ok, failure) -> {
      if (failure == null) {
        send(sessionId, frames.accepted(clientRef, conversationId, turnId, question.redacted()));
        gate.accepted(turnId);
      } else {
        gate.abandoned(turnId);
        inFlight.release(turnId);
        turnMeters.notPublished();
        log.error("Turn {} not published: {}", turnId, failure.getClass().getSimpleName());
        send(sessionId, frames.error(clientRef, ErrorCode.UNAVAILABLE, "The assistant is unavailable; please retry."));
      }
    });
  }

  private void send(String sessionId, String frame) {
    sessions.send(sessionId, frame);
  }
}
