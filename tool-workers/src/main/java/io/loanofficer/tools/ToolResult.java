package io.loanofficer.tools;

import io.loanofficer.events.ToolOutcome;

/** What a call produced: the result JSON when OK, else a typed outcome and a PII-free message. */
public record ToolResult(String tool, String toolVersion, ToolOutcome outcome, String resultJson, String errorMessage) {

  public static ToolResult ok(String tool, String version, String json) {
    return new ToolResult(tool, version, ToolOutcome.OK, json, null);
  }

  public static ToolResult failed(String tool, String version, ToolOutcome outcome, String message) {
    return new ToolResult(tool, version, outcome, null, message);
  }
}
