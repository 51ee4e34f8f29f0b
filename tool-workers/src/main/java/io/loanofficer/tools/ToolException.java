package io.loanofficer.tools;

import io.loanofficer.events.ToolOutcome;

/** A typed tool failure; its message goes back to the agent and must hold no PII. */
public class ToolException extends RuntimeException {

  private final ToolOutcome outcome;

  public ToolException(ToolOutcome outcome, String message) {
    super(message);
    this.outcome = outcome;
  }

  public ToolOutcome outcome() {
    return outcome;
  }

  public static ToolException notFound(String what) {
    return new ToolException(ToolOutcome.NOT_FOUND, what + " not found");
  }

  public static ToolException invalid(String message) {
    return new ToolException(ToolOutcome.INVALID_ARGUMENT, message);
  }

  public static ToolException forbidden(String message) {
    return new ToolException(ToolOutcome.FORBIDDEN, message);
  }
}
