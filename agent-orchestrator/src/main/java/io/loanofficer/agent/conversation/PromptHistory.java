package io.loanofficer.agent.conversation;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.events.ActiveTurn;
import io.loanofficer.events.CallState;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What the model is shown of a conversation: its bounded transcript (earlier turns, their tool calls
 * by name and arguments, not their results) and the running turn's rounds with their results.
 */
final class PromptHistory {

  private final int transcriptLimit;

  PromptHistory(int transcriptLimit) {
    this.transcriptLimit = transcriptLimit;
  }

  /** Appends to the transcript, dropping the oldest entries beyond the limit. */
  void append(ConversationState state, TranscriptEntry entry) {
    List<TranscriptEntry> transcript = new ArrayList<>(state.getTranscript());
    transcript.add(entry);
    int excess = transcript.size() - transcriptLimit;
    state.setTranscript(excess > 0 ? new ArrayList<>(transcript.subList(excess, transcript.size())) : transcript);
  }

  /** The conversation as the model sees it: earlier turns from the transcript, then this turn's rounds. */
  List<ChatMessage> messages(ConversationState state) {
    List<ChatMessage> messages = new ArrayList<>();
    List<ToolInvocation> pastCalls = new ArrayList<>();
    List<ChatMessage> pastResults = new ArrayList<>();
    int n = 0;
    for (TranscriptEntry entry : state.getTranscript()) {
      switch (entry.getRole()) {
        case "tool" -> {
          String id = "past-" + (++n);
          pastCalls.add(new ToolInvocation(id, entry.getTool(), entry.getArgumentsJson()));
          pastResults.add(new ChatMessage.ToolResult(id, entry.getTool(), entry.getArgumentsJson(), entry.getText(),
              "{\"note\":\"result of an earlier turn, not kept\"}"));
        }
        case "assistant" -> {
          if (!pastCalls.isEmpty()) {
            messages.add(new ChatMessage.AssistantToolCalls(pastCalls));
            messages.addAll(pastResults);
            pastCalls = new ArrayList<>();
            pastResults = new ArrayList<>();
          }
          messages.add(new ChatMessage.AssistantText(entry.getText()));
        }
        default -> messages.add(new ChatMessage.UserText(entry.getText()));
      }
    }
    ActiveTurn active = state.getActiveTurn();
    String prefix = active.getTurnId() + "/";
    for (int round = 1; round <= active.getRound(); round++) {
      int r = round;
      List<CallState> calls = active.getCalls().stream().filter(c -> c.getRound() == r).toList();
      messages.add(new ChatMessage.AssistantToolCalls(calls.stream()
          .map(c -> new ToolInvocation(c.getCallId().substring(prefix.length()), c.getTool(), c.getArgumentsJson()))
          .toList()));
      for (CallState c : calls) {
        messages.add(new ChatMessage.ToolResult(c.getCallId().substring(prefix.length()), c.getTool(),
            c.getArgumentsJson(), String.valueOf(c.getOutcome()),
            c.getOutcome() == ToolOutcome.OK ? c.getResultJson() : String.valueOf(c.getErrorMessage())));
      }
    }
    return messages;
  }
}
