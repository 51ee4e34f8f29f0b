package io.loanofficer.agent.conversation;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of each kind of audit record, in one place: OpenTelemetry GenAI names where one
 * exists ({@code gen_ai.*}, {@code error.type}), {@code loanofficer.*} for ours. The SIEM projection
 * and the examiners' replay read these names, so they change only with those.
 */
final class AuditAttributes {

  private AuditAttributes() {}

  static Map<String, String> alert(AlertRaised alert) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("event.kind", "alert");
    attributes.put("loanofficer.alert.id", alert.getAlertId());
    attributes.put("loanofficer.alert.rule", alert.getRule().name());
    attributes.put("loanofficer.alert.officer_id", alert.getOfficerId());
    attributes.put("loanofficer.borrower.id", alert.getBorrowerId());
    if (alert.getLoanId() != null) {
      attributes.put("loanofficer.loan.id", alert.getLoanId());
    }
    attributes.put("loanofficer.change.key", alert.getChangeKey());
    attributes.put("loanofficer.change.source_position", alert.getSourcePosition());
    return attributes;
  }

  static Map<String, String> turn(ChatTurnSubmitted turn) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gen_ai.conversation.id", turn.getConversationId());
    attributes.put("loanofficer.turn.id", turn.getTurnId());
    attributes.put("loanofficer.notice.acknowledged", Boolean.toString(turn.getNoticeAcknowledged()));
    return attributes;
  }

  static Map<String, String> guardrail(GuardrailVerdict verdict) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gen_ai.conversation.id", verdict.getConversationId());
    attributes.put("loanofficer.turn.id", verdict.getTurnId());
    attributes.put("loanofficer.guardrail.stage", verdict.getStage().name());
    attributes.put("loanofficer.guardrail.verdict", verdict.getVerdict().name());
    if (!verdict.getReasons().isEmpty()) {
      attributes.put("loanofficer.guardrail.reasons", String.join(",", verdict.getReasons()));
    }
    return attributes;
  }

  static Map<String, String> tool(String callId, String tool, ToolOutcome outcome) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gen_ai.operation.name", "execute_tool");
    attributes.put("gen_ai.tool.call.id", callId);
    attributes.put("gen_ai.tool.name", tool);
    if (outcome != null && outcome != ToolOutcome.OK) {
      attributes.put("error.type", outcome.name());
    }
    return attributes;
  }

  static Map<String, String> model(ModelInvoked invoked) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gen_ai.operation.name", "chat");
    attributes.put("gen_ai.request.model", invoked.getModel());
    attributes.put("gen_ai.conversation.id", invoked.getConversationId());
    attributes.put("loanofficer.model.decision", invoked.getDecision().name());
    return attributes;
  }

  static Map<String, String> reveal(PiiRevealed reveal) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gen_ai.conversation.id", reveal.getConversationId());
    attributes.put("loanofficer.pii.kind", reveal.getKind());
    attributes.put("loanofficer.pii.reveal.outcome", reveal.getOutcome().name());
    return attributes;
  }

  /** A reply's own attributes, then what the turn adds (guardrail verdicts), then the recommendation's reasons. */
  static Map<String, String> reply(ChatReplyProduced reply, Map<String, String> extra, List<ToolCallSummary> calls) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("loanofficer.turn.id", reply.getTurnId());
    attributes.put("loanofficer.reply.kind", reply.getKind().name());
    if (reply.getErrorCode() != null) {
      attributes.put("error.type", reply.getErrorCode());
    }
    attributes.putAll(extra);
    String reasons = RecommendationFactors.of(calls);
    if (!reasons.isEmpty()) {
      attributes.put(RecommendationFactors.ATTRIBUTE, reasons);
    }
    return attributes;
  }
}
