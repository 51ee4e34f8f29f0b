package io.loanofficer.agent.model;

import io.loanofficer.toolspec.ToolSpec;
import java.util.List;

/**
 * One request to the model: the conversation's messages in order (earlier turns first, the current
 * user's question, then any tool calls and results of this turn) and the tools the caller may use.
 */
public record ModelRequest(String conversationId, List<ChatMessage> messages, List<ToolSpec> tools) {

  public ModelRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }
}
