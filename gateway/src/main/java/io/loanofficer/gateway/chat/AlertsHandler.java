package io.loanofficer.gateway.chat;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.Roles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Proactive alerts on the socket (ADR 0016), compatible extensions of protocol v1:
 * <ul>
 *   <li>{@code {"type":"list_alerts","since":"<ISO instant, optional>"}} from a loan officer: the alerts
 *   of their own borrowers raised after {@code since} (all without it; the newest {@value #LISTED}),
 *   oldest first, as {@code {"type":"alerts","alerts":[alert frames]}}. Read from the officer's audit
 *   chain ({@code alerts-<officerId>}), so alerts raised while no slider was open are listed on the
 *   next connect. A live alert may arrive while the list is read: clients deduplicate by alertId.</li>
 *   <li>{@code {"type":"subscribe_alerts"}} from a credit analyst or an admin: every alert from now on,
 *   on this socket; answered {@code {"type":"alerts_subscribed"}}. Loan officers get their own
 *   borrowers' alerts without asking and may not see other officers' (FORBIDDEN).</li>
 * </ul>
 */
public class AlertsHandler {

  static final int LISTED = 50;

  private static final Logger log = LoggerFactory.getLogger(AlertsHandler.class);

  private final AuditLogReader reader;
  private final ChatSessions sessions;
  private final Frames frames;
  private final Executor executor;
  private final EventSerde serde = new EventSerde();

  public AlertsHandler(AuditLogReader reader, ChatSessions sessions, Frames frames, Executor executor) {
    this.reader = reader;
    this.sessions = sessions;
    this.frames = frames;
    this.executor = executor;
  }

  public void list(String sessionId, ChatIdentity identity, JsonNode frame, String clientRef) {
    if (!identity.roles().contains(Roles.LOAN_OFFICER)) {
      sessions.send(sessionId, frames.error(clientRef, ErrorCode.FORBIDDEN,
          "Alerts are listed for loan officers; analysts subscribe with subscribe_alerts."));
      return;
    }
    Instant since;
    try {
      JsonNode value = frame.get("since");
      since = value == null || value.isNull() ? Instant.EPOCH : Instant.parse(value.asString());
    } catch (DateTimeParseException | UnsupportedOperationException e) {
      sessions.send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE,
          "since must be an ISO-8601 instant, e.g. 2026-12-01T09:00:00Z"));
      return;
    }
    String officerId = ChatSessions.portfolioOfficer(identity);
    executor.execute(() -> answer(sessionId, officerId, since, clientRef));
  }

  public void subscribe(String sessionId, ChatIdentity identity, String clientRef) {
    if (!identity.roles().contains(Roles.CREDIT_ANALYST) && !identity.roles().contains(Roles.ADMIN)) {
      sessions.send(sessionId, frames.error(clientRef, ErrorCode.FORBIDDEN,
          "Only credit analysts and admins subscribe to every alert; loan officers get their own borrowers' alerts."));
      return;
    }
    sessions.subscribeAlerts(sessionId);
    sessions.send(sessionId, frames.alertsSubscribed());
  }

  private void answer(String sessionId, String officerId, Instant since, String clientRef) {
    List<AlertRaised> alerts = new ArrayList<>();
    try {
      for (AuditRecord record : reader.read(AuditKeys.alertChain(officerId)).records()) {
        if (AlertRaised.class.getSimpleName().equals(record.getType())) {
          AlertRaised alert = serde.decode(record.getPayload().array(), AlertRaised.class);
          if (alert.getRaisedAt().isAfter(since)) {
            alerts.add(alert);
          }
        }
      }
    } catch (RuntimeException e) {
      log.error("Alert chain not readable: {}", e.getClass().getSimpleName());
      sessions.send(sessionId, frames.error(clientRef, ErrorCode.UNAVAILABLE, "Alerts are unavailable; please retry."));
      return;
    }
    sessions.send(sessionId, frames.alerts(alerts.subList(Math.max(0, alerts.size() - LISTED), alerts.size())));
  }
}
