package io.loanofficer.agent.conversation;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.events.ModelDecision;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.pii.TextMasker;
import io.loanofficer.toolspec.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a model call into its audit event: the messages new since the previous call (a per-turn
 * delta, so records stay bounded), a digest of the whole prompt, the decision.
 */
final class ModelAudit {

  private static final JsonMapper JSON = JsonMapper.shared();

  private ModelAudit() {}

  static ModelInvoked event(String conversationId, String turnId, int round, String modelName, ModelOutcome outcome,
      Instant at) {
    List<ChatMessage> messages = outcome.request().messages();
    ModelInvoked.Builder event = ModelInvoked.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setRound(round)
        .setModel(modelName)
        .setParameters(Map.of())
        .setPromptDigest(sha256(JSON.writeValueAsString(messages.stream().map(ModelAudit::asMap).toList())))
        .setMessageCount(messages.size())
        .setNewMessagesJson(JSON.writeValueAsString(newMessages(messages, round).stream().map(ModelAudit::asMap).toList()))
        .setToolsOffered(outcome.request().tools().stream().map(ToolSpec::name).toList())
        .setToolCalls(List.of())
        .setText(null)
        .setRefusalReason(null)
        .setInputTokens(outcome.usage() == null ? null : outcome.usage().inputTokens())
        .setOutputTokens(outcome.usage() == null ? null : outcome.usage().outputTokens())
        .setDurationMillis(outcome.durationMillis())
        .setOccurredAt(at)
        .setResponseModel(outcome.responseModel());
    ModelStep step = outcome.step();
    if (outcome.failure() != null) {
      event.setDecision(ModelDecision.FAILED).setText(outcome.failure());
    } else if (step instanceof ModelStep.CallTools calls) {
      event.setDecision(ModelDecision.TOOL_CALLS).setToolCalls(calls.calls().stream()
          .map(c -> new ToolCallSummary(c.callId(), c.tool(), c.argumentsJson(), ToolOutcome.UNKNOWN, null)).toList());
    } else if (step instanceof ModelStep.Answer answer) {
      // as the output guard lets it out: no raw personal data in the audit trail either
      event.setDecision(ModelDecision.ANSWER).setText(TextMasker.redact(answer.text()).text());
    } else if (step instanceof ModelStep.Refusal refusal) {
      event.setDecision(ModelDecision.REFUSAL).setText(TextMasker.redact(refusal.text()).text())
          .setRefusalReason(refusal.reason());
    } else {
      event.setDecision(ModelDecision.UNKNOWN);
    }
    return event.build();
  }

  /** The question for the first call of a turn; the last round's calls and results after that. */
  private static List<ChatMessage> newMessages(List<ChatMessage> messages, int round) {
    if (round == 0 || messages.isEmpty()) {
      return messages.isEmpty() ? List.of() : messages.subList(messages.size() - 1, messages.size());
    }
    int start = messages.size() - 1;
    while (start > 0 && !(messages.get(start) instanceof ChatMessage.AssistantToolCalls)) {
      start--;
    }
    return messages.subList(start, messages.size());
  }

  private static Map<String, Object> asMap(ChatMessage message) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (message instanceof ChatMessage.UserText user) {
      map.put("role", "user");
      map.put("content", user.text());
    } else if (message instanceof ChatMessage.AssistantText assistant) {
      map.put("role", "assistant");
      map.put("content", assistant.text());
    } else if (message instanceof ChatMessage.AssistantToolCalls calls) {
      map.put("role", "assistant");
      map.put("tool_calls", calls.calls().stream().map(ModelAudit::asMap).toList());
    } else if (message instanceof ChatMessage.ToolResult result) {
      map.put("role", "tool");
      map.put("tool_call_id", result.callId());
      map.put("name", result.tool());
      map.put("outcome", result.outcome());
      map.put("content", result.content());
    }
    return map;
  }

  private static Map<String, Object> asMap(ToolInvocation call) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", call.callId());
    map.put("name", call.tool());
    map.put("arguments", call.argumentsJson());
    return map;
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
