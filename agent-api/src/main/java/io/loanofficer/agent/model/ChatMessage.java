package io.loanofficer.agent.model;

import java.util.List;

/** A message of the conversation as the model sees it. */
public sealed interface ChatMessage {

  /** What the officer typed. */
  record UserText(String text) implements ChatMessage {}

  /** A final answer given earlier. */
  record AssistantText(String text) implements ChatMessage {}

  /** The model asked for these tools in one round. */
  record AssistantToolCalls(List<ToolInvocation> calls) implements ChatMessage {
    public AssistantToolCalls {
      calls = List.copyOf(calls);
    }
  }

  /**
   * A tool's answer to one call. {@code outcome} is OK or a typed error (NOT_FOUND, INVALID_ARGUMENT,
   * FORBIDDEN, TIMEOUT, INTERNAL); {@code content} is the result JSON when OK, else the error message.
   */
  record ToolResult(String callId, String tool, String argumentsJson, String outcome, String content)
      implements ChatMessage {
    public boolean ok() {
      return "OK".equals(outcome);
    }
  }
}
