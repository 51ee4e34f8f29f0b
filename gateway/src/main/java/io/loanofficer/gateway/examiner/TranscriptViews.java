package io.loanofficer.gateway.examiner;

import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.gateway.transcript.Conversation;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Conversations as the examiners' API shows them. */
class TranscriptViews {

  private final ObjectMapper json;

  TranscriptViews(ObjectMapper json) {
    this.json = json;
  }

  ConversationSummary summary(Conversation conversation) {
    return new ConversationSummary(conversation.conversationId(), conversation.owner().orElse(null),
        conversation.firstAt().orElse(null), conversation.lastAt().orElse(null), conversation.allExchanges().size());
  }

  TranscriptView transcript(Conversation conversation) {
    List<TranscriptView.Turn> turns = conversation.allExchanges().stream()
        .map(exchange -> turn(exchange.turn(), exchange.reply())).toList();
    return new TranscriptView(conversation.conversationId(), conversation.owner().orElse(null),
        conversation.firstAt().orElse(null), conversation.lastAt().orElse(null), turns);
  }

  private TranscriptView.Turn turn(ChatTurnSubmitted turn, ChatReplyProduced reply) {
    return new TranscriptView.Turn(turn.getTurnId(), turn.getClientMessageId(), turn.getActor().getUserId(),
        List.copyOf(turn.getActor().getRoles()), turn.getActor().getOfficerId(), turn.getSubmittedAt(),
        turn.getText(), turn.getTraceId(), turn.getGatewayInstance(), reply == null ? null : reply(reply));
  }

  private TranscriptView.Reply reply(ChatReplyProduced reply) {
    return new TranscriptView.Reply(reply.getKind().name(), reply.getText(), reply.getErrorCode(),
        reply.getProducedAt(), reply.getToolCalls().stream().map(this::toolCall).toList());
  }

  private TranscriptView.ToolCall toolCall(ToolCallSummary call) {
    return new TranscriptView.ToolCall(call.getCallId(), call.getTool(), parse(call.getArgumentsJson()),
        call.getOutcome().name().toLowerCase(Locale.ROOT), parse(call.getResultJson()));
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JacksonException e) {
      return json.getNodeFactory().stringNode(text);
    }
  }
}
