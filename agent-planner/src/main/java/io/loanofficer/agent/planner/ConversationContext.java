package io.loanofficer.agent.planner;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ToolInvocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What earlier messages of the conversation say, for resolving follow-ups ("this borrower", "its
 * collateral", "them"). Searches most recent first and only returns ids that actually appeared: in
 * earlier questions, in earlier tool-call arguments, or as a top-level id of an earlier tool result
 * (a loan's details name its borrower). Never derives an id from a naming convention.
 */
final class ConversationContext {

  private final List<ChatMessage> history;
  private final EntityExtractor extractor;

  ConversationContext(List<ChatMessage> history, EntityExtractor extractor) {
    this.history = List.copyOf(history);
    this.extractor = extractor;
  }

  /** The ids of the given argument name ("loan_id" / "borrower_id") in the most recent message naming any. */
  List<String> recentIds(String argument) {
    return recent(argument).ids();
  }

  /**
   * Whether the conversation spoke of a borrower more recently than of any loan: then "their collateral"
   * means that borrower's loans. A loan's details naming its borrower count as the loan (a tie).
   */
  boolean borrowerIsMoreRecent() {
    Recent borrower = recent("borrower_id");
    return !borrower.ids().isEmpty() && borrower.at() > recent("loan_id").at();
  }

  private record Recent(List<String> ids, int at) {}

  private Recent recent(String argument) {
    List<ChatMessage.ToolResult> roundResults = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      Set<String> found = new LinkedHashSet<>();
      ChatMessage m = history.get(i);
      if (m instanceof ChatMessage.ToolResult result) {
        roundResults.add(0, result);
        continue;
      }
      if (m instanceof ChatMessage.AssistantToolCalls calls) {
        for (ToolInvocation call : calls.calls()) {
          String value = ToolCallJson.arguments(call.argumentsJson()).get(argument);
          if (value != null) {
            found.add(value);
          }
        }
        if (found.isEmpty()) {
          // the results of this round may name it (a loan's details carry its borrower_id)
          for (ChatMessage.ToolResult result : roundResults) {
            JsonNode node = result.ok() ? ToolCallJson.parse(result.content()).orElse(null) : null;
            if (node != null && node.isObject() && node.path(argument).isString()) {
              found.add(node.path(argument).asString());
            }
          }
        }
        roundResults.clear();
      } else if (m instanceof ChatMessage.UserText user) {
        found.addAll("loan_id".equals(argument) ? extractor.loanIds(user.text()) : extractor.borrowerIds(user.text()));
      }
      if (!found.isEmpty()) {
        return new Recent(List.copyOf(found), i);
      }
    }
    return new Recent(List.of(), -1);
  }

  /** The latest round of tool calls before the current question: tool name with parsed arguments. */
  List<PreviousCall> previousCalls() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i) instanceof ChatMessage.AssistantToolCalls calls) {
        // a turn's look-ups (a name, a borrower's loans) are not what the officer asked for
        boolean named = calls.calls().stream().anyMatch(c -> !OfflinePlanner.FIND_BORROWERS.equals(c.tool()));
        boolean answered = calls.calls().stream().anyMatch(c -> !OfflinePlanner.LOOKUPS.contains(c.tool()));
        List<PreviousCall> out = new ArrayList<>();
        for (ToolInvocation call : calls.calls()) {
          boolean lookup = answered ? OfflinePlanner.LOOKUPS.contains(call.tool())
              : named && OfflinePlanner.FIND_BORROWERS.equals(call.tool());
          if (!lookup) {
            out.add(new PreviousCall(call.tool(), ToolCallJson.arguments(call.argumentsJson())));
          }
        }
        return out;
      }
    }
    return List.of();
  }

  record PreviousCall(String tool, Map<String, String> arguments) {
    PreviousCall {
      arguments = new LinkedHashMap<>(arguments);
    }
  }
}
