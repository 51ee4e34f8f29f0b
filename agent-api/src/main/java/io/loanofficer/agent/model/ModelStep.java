package io.loanofficer.agent.model;

import java.util.List;

/** What the model decided. */
public sealed interface ModelStep {

  /** Run these tools (in parallel) and come back with their results. */
  record CallTools(List<ToolInvocation> calls) implements ModelStep {
    public CallTools {
      calls = List.copyOf(calls);
    }
  }

  /** The final answer of the turn. */
  record Answer(String text) implements ModelStep {}

  /** The request is declined (fair lending, PII extraction, instruction override); no tool runs. */
  record Refusal(String text, String reason) implements ModelStep {}
}
