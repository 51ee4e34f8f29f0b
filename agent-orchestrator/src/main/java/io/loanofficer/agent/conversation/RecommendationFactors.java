package io.loanofficer.agent.conversation;

import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The factors behind a risk recommendation, for the reply's audit record ({@code loanofficer.reasons}):
 * an adverse-action reason can be given from the record without decoding the tool results.
 * {@code getBorrowerDefaultRisk B001: Credit Score=1.00, Payment History=0.00, Debt-to-Income=0.16}.
 * The full factors and figures stay in the ToolCallCompleted payload.
 */
public final class RecommendationFactors {

  public static final String ATTRIBUTE = "loanofficer.reasons";
  private static final int MAX_LENGTH = 4000;
  private static final JsonMapper JSON = JsonMapper.shared();

  private RecommendationFactors() {}

  /** The risk tools' factor names and points, one clause per call; empty without a risk tool. */
  public static String of(List<ToolCallSummary> calls) {
    List<String> clauses = new ArrayList<>();
    for (ToolCallSummary call : calls) {
      if (call.getOutcome() != ToolOutcome.OK || call.getResultJson() == null) {
        continue;
      }
      JsonNode result;
      try {
        result = JSON.readTree(call.getResultJson());
      } catch (JacksonException e) {
        continue;
      }
      switch (call.getTool()) {
        case "getBorrowerDefaultRisk" -> clauses.add(call.getTool() + " " + text(result, "borrower_id") + ": "
            + factors(result.get("factors")) + " -> " + text(result, "risk_score") + " " + text(result, "risk_category"));
        case "getBorrowerNonAccrualRisk" -> clauses.add(call.getTool() + " " + text(result, "borrower_id") + ": "
            + factors(result.get("factors")) + " -> " + text(result, "risk_score") + " " + text(result, "risk_level"));
        case "getHighRiskFarmers" -> {
          List<String> farmers = new ArrayList<>();
          JsonNode list = result.get("farmers");
          if (list != null) {
            list.forEach(f -> farmers.add(text(f, "borrower_id") + " (" + factors(f.get("factors")) + " -> "
                + text(f, "risk_points") + " " + text(f, "risk_level") + ")"));
          }
          clauses.add(call.getTool() + ": " + String.join("; ", farmers));
        }
        default -> { }
      }
    }
    String all = String.join(" | ", clauses);
    return all.length() <= MAX_LENGTH ? all : all.substring(0, MAX_LENGTH - 14) + " ...(truncated)";
  }

  private static String factors(JsonNode factors) {
    List<String> out = new ArrayList<>();
    if (factors != null) {
      factors.forEach(f -> out.add(f.isObject()
          ? text(f, "factor") + "=" + text(f, "points") + (f.has("value") ? " (value " + text(f, "value") + ")" : "")
          : f.asString()));
    }
    return String.join(", ", out);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? "?" : v.isString() ? v.asString() : v.toString();
  }
}
