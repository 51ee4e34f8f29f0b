package io.loanofficer.agent.conversation;

import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.TokenUsage;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.events.ModelAnswerKind;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A model call's outcome as the event that carries it to the conversation's owner, and back. The
 * request is not carried: the owner rebuilds it from the state that awaited the answer, which is
 * the state the request was built from.
 */
public final class ModelAnswers {

  private ModelAnswers() {}

  public static ModelAnswered event(String conversationId, String turnId, int round, ModelOutcome outcome,
      Instant at) {
    ModelAnswered.Builder event = ModelAnswered.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setRound(round)
        .setModel(outcome.model())
        .setToolCalls(List.of())
        .setText(null)
        .setRefusalReason(null)
        .setFailure(outcome.failure())
        .setInputTokens(outcome.usage() == null ? null : outcome.usage().inputTokens())
        .setOutputTokens(outcome.usage() == null ? null : outcome.usage().outputTokens())
        .setResponseModel(outcome.responseModel())
        .setDurationMillis(outcome.durationMillis())
        .setAnsweredAt(at);
    ModelStep step = outcome.step();
    if (outcome.failure() != null) {
      event.setDecision(ModelAnswerKind.FAILED);
    } else if (step instanceof ModelStep.CallTools calls) {
      event.setDecision(ModelAnswerKind.TOOL_CALLS).setToolCalls(calls.calls().stream()
          .map(c -> new ToolCallSummary(c.callId(), c.tool(), c.argumentsJson(), ToolOutcome.UNKNOWN, null))
          .toList());
    } else if (step instanceof ModelStep.Answer answer) {
      event.setDecision(ModelAnswerKind.ANSWER).setText(answer.text());
    } else if (step instanceof ModelStep.Refusal refusal) {
      event.setDecision(ModelAnswerKind.REFUSAL).setText(refusal.text()).setRefusalReason(refusal.reason());
    } else {
      event.setDecision(ModelAnswerKind.NONE);
    }
    return event.build();
  }

  public static ModelOutcome outcome(ModelAnswered event, ModelRequest request) {
    ModelStep step = switch (event.getDecision()) {
      case TOOL_CALLS -> new ModelStep.CallTools(event.getToolCalls().stream()
          .map(c -> new ToolInvocation(c.getCallId(), c.getTool(), c.getArgumentsJson()))
          .toList());
      case ANSWER -> new ModelStep.Answer(event.getText());
      case REFUSAL -> new ModelStep.Refusal(event.getText(), event.getRefusalReason());
      case FAILED, NONE -> null;
    };
    String failure = event.getDecision() == ModelAnswerKind.FAILED
        ? (event.getFailure() == null ? "UnknownFailure" : event.getFailure())
        : null;
    // a model that counts tokens counts both; an answer written before v2 (or by the planner) has neither
    TokenUsage usage = event.getInputTokens() == null || event.getOutputTokens() == null ? null
        : new TokenUsage(event.getInputTokens(), event.getOutputTokens());
    // an answer written before v3 (or by the planner) names no served version
    return new ModelOutcome(event.getModel(), request, step, failure, event.getDurationMillis(), usage,
        event.getResponseModel());
  }
}
