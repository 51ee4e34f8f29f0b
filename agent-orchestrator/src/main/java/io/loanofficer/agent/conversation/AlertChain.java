package io.loanofficer.agent.conversation;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An officer's alert chain ({@code alerts-<officerId>}, ADR 0016): each alert a tool worker raised is
 * recorded on it and passed on to the gateways on chat.replies, in the listener's transaction, like a
 * conversation's events. The chain's state is a {@link ConversationState} (seq, hash) with, per
 * lending.changes key, the highest source position recorded: an alert of a change not above it is a
 * repeat and is dropped (ADR 0011 point 5).
 */
public class AlertChain {

  private static final Logger log = LoggerFactory.getLogger(AlertChain.class);

  private final AuditTrail audit = new AuditTrail();
  private final Clock clock;

  public AlertChain(Clock clock) {
    this.clock = clock;
  }

  public ConversationEngine.Transition onAlert(ConversationState current, AlertRaised alert) {
    String chain = AuditKeys.alertChain(alert.getOfficerId());
    String applied = current == null ? null : current.getAlertPositions().get(alert.getChangeKey());
    // positions are fixed-width hex (ADR 0011): their text order is the change stream's order
    if (applied != null && alert.getSourcePosition().compareTo(applied) <= 0) {
      log.info("Alert {} on {} at {} is a repeat (recorded up to {}): dropped", alert.getAlertId(),
          alert.getChangeKey(), alert.getSourcePosition(), applied);
      return new ConversationEngine.Transition(current, List.of());
    }
    ConversationState state = current == null ? newChain(chain, alert.getOfficerId()) : copy(current);
    List<OutboundRecord> out = new ArrayList<>();
    out.add(audit.append(state, alert, alert.getAlertId(), alert.getRaisedAt(), null, alert.getTraceId(),
        AuditAttributes.alert(alert)));
    out.add(new OutboundRecord(Topic.CHAT_REPLIES.topicName(), null, chain, alert));
    state.getAlertPositions().put(alert.getChangeKey(), alert.getSourcePosition());
    return new ConversationEngine.Transition(state, out);
  }

  private ConversationState newChain(String chain, String officerId) {
    return ConversationState.newBuilder()
        .setConversationId(chain)
        .setOwnerUserId(officerId)
        .setStatus(ConversationStatus.REPLIED)
        .setAuditSeq(0)
        .setAuditHash(AuditKeys.GENESIS_HASH)
        .setActiveTurn(null)
        .setTranscript(new ArrayList<>())
        .setUpdatedAt(clock.instant())
        .setAlertPositions(new HashMap<>())
        .build();
  }

  private ConversationState copy(ConversationState state) {
    ConversationState copy = ConversationState.newBuilder(state).build();
    copy.setAlertPositions(new HashMap<>(state.getAlertPositions()));
    copy.setUpdatedAt(clock.instant());
    return copy;
  }
}
