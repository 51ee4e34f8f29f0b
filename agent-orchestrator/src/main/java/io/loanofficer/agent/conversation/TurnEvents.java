package io.loanofficer.agent.conversation;

import io.loanofficer.events.ActiveTurn;
import io.loanofficer.events.Actor;
import io.loanofficer.events.CallState;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Builds the events a turn publishes (replies, progress, tool calls), stamped with the engine's clock. */
final class TurnEvents {

  private final Clock clock;

  TurnEvents(Clock clock) {
    this.clock = clock;
  }

  ChatReplyProduced reply(String conversationId, String turnId, String clientMessageId, Actor actor, String traceId,
      ReplyKind kind, String code, String text, List<ToolCallSummary> calls) {
    return ChatReplyProduced.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setClientMessageId(clientMessageId)
        .setUserId(actor.getUserId())
        .setKind(kind)
        .setText(text)
        .setErrorCode(code)
        .setToolCalls(calls)
        .setTraceId(traceId)
        .setProducedAt(clock.instant())
        .build();
  }

  ChatProgress progress(String conversationId, ActiveTurn active, CallState call, ProgressStatus status) {
    return ChatProgress.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(active.getTurnId())
        .setUserId(active.getActor().getUserId())
        .setCallId(call.getCallId())
        .setTool(call.getTool())
        .setStatus(status)
        .setAt(clock.instant())
        .build();
  }

  ToolCallRequested toolCall(String conversationId, ActiveTurn active, CallState call) {
    return ToolCallRequested.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(active.getTurnId())
        .setCallId(call.getCallId())
        .setRound(call.getRound())
        .setTool(call.getTool())
        .setArgumentsJson(call.getArgumentsJson())
        .setActor(active.getActor())
        .setTraceId(active.getTraceId())
        .setRequestedAt(clock.instant())
        .setDeadlineAt(active.getDeadlineAt())
        .build();
  }
}
