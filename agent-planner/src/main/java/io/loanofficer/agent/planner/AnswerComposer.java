package io.loanofficer.agent.planner;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ToolInvocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Writes the final answer of a turn from the tool results of its latest round: one paragraph per
 * call, in the order the calls were made; a per-tool formatter for results, a plain sentence per
 * typed error, and a generic listing of top-level values when a result has an unexpected shape.
 * Figures come only from the result JSON.
 */
public final class AnswerComposer {

  private static final Map<String, String> WHAT = Map.ofEntries(
      Map.entry("getLoanDetails", "loan details lookup"),
      Map.entry("getLoanStatus", "loan status lookup"),
      Map.entry("getLoanSummary", "portfolio summary"),
      Map.entry("getActiveLoans", "active loans lookup"),
      Map.entry("getLoansByBorrower", "borrower's loans lookup"),
      Map.entry("getLoanPayments", "payment history lookup"),
      Map.entry("getLoanCollateral", "collateral lookup"),
      Map.entry("getBorrowerDetails", "borrower lookup"),
      Map.entry("getBorrowerDefaultRisk", "default risk assessment"),
      Map.entry("getBorrowerNonAccrualRisk", "non-accrual risk assessment"),
      Map.entry("evaluateCollateralSufficiency", "collateral sufficiency check"),
      Map.entry("getHighRiskFarmers", "high-risk farmer screen"),
      Map.entry("forecastEquipmentMaintenance", "equipment maintenance forecast"),
      Map.entry("assessCropYieldRisk", "crop yield risk assessment"),
      Map.entry("analyzeMarketPriceImpact", "market price impact analysis"),
      Map.entry("getRefinancingOptions", "refinancing analysis"),
      Map.entry("analyzePaymentPatterns", "payment pattern analysis"),
      Map.entry("recommendLoanRestructuring", "restructuring analysis"),
      Map.entry("findBorrowers", "borrower name search"));

  private final Map<String, Function<JsonNode, String>> formatters;

  public AnswerComposer() {
    this(ResultFormatters.BY_TOOL);
  }

  AnswerComposer(Map<String, Function<JsonNode, String>> formatters) {
    this.formatters = Map.copyOf(formatters);
  }

  /** The answer for the conversation's latest round of tool calls and the results after it. */
  public String compose(List<ChatMessage> messages) {
    int round = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof ChatMessage.AssistantToolCalls) {
        round = i;
        break;
      }
    }
    if (round < 0) {
      return "I have no tool results to report.";
    }
    List<ToolInvocation> calls = ((ChatMessage.AssistantToolCalls) messages.get(round)).calls();
    Map<String, ChatMessage.ToolResult> results = new LinkedHashMap<>();
    for (ChatMessage m : messages.subList(round + 1, messages.size())) {
      if (m instanceof ChatMessage.ToolResult r) {
        results.put(r.callId(), r);
      }
    }
    List<String> paragraphs = new ArrayList<>();
    for (ToolInvocation call : calls) {
      ChatMessage.ToolResult result = results.get(call.callId());
      paragraphs.add(result == null
          ? ResultFields.capitalise(describe(call.tool(), call.argumentsJson())) + ": no result arrived."
          : paragraph(result));
    }
    return String.join("\n\n", paragraphs);
  }

  /** One result as one paragraph. */
  public String paragraph(ChatMessage.ToolResult result) {
    if (!result.ok()) {
      return error(result);
    }
    Optional<JsonNode> json = ToolCallJson.parse(result.content()).filter(JsonNode::isObject);
    if (json.isEmpty()) {
      return "The " + WHAT.getOrDefault(result.tool(), result.tool()) + " returned a result I cannot read.";
    }
    Function<JsonNode, String> formatter = formatters.get(result.tool());
    if (formatter != null) {
      try {
        return formatter.apply(json.get());
      } catch (ResultFields.MissingField e) {
        // an unexpected shape: show what is there rather than guess
      }
    }
    return generic(result.tool(), json.get());
  }

  private static String error(ChatMessage.ToolResult r) {
    String subject = subject(r.argumentsJson());
    String what = WHAT.getOrDefault(r.tool(), r.tool());
    String message = r.content() == null ? "" : r.content().strip();
    return switch (r.outcome() == null ? "" : r.outcome()) {
      case "NOT_FOUND" -> subject.isEmpty() ? "The " + what + " found nothing." : "I could not find " + subject + ".";
      case "FORBIDDEN" -> subject.isEmpty()
          ? "The " + what + " is not permitted for your role."
          : ResultFields.capitalise(subject) + " is outside your portfolio, so I cannot show it.";
      case "INVALID_ARGUMENT" -> "The " + what + (subject.isEmpty() ? "" : " for " + subject)
          + " was rejected as invalid" + (message.isEmpty() ? "." : ": " + message + (message.endsWith(".") ? "" : "."));
      case "TIMEOUT" -> "The " + what + (subject.isEmpty() ? "" : " for " + subject)
          + " did not answer in time; please try again.";
      default -> "The " + what + (subject.isEmpty() ? "" : " for " + subject)
          + " failed with an internal error; please try again later.";
    };
  }

  private static String describe(String tool, String argumentsJson) {
    String subject = subject(argumentsJson);
    return "the " + WHAT.getOrDefault(tool, tool) + (subject.isEmpty() ? "" : " for " + subject);
  }

  /** "loan L999", "borrower B004", or "" for portfolio-wide calls. */
  private static String subject(String argumentsJson) {
    Map<String, String> args = ToolCallJson.arguments(argumentsJson);
    if (args.containsKey("loan_id")) {
      return "loan " + args.get("loan_id");
    }
    if (args.containsKey("borrower_id")) {
      return "borrower " + args.get("borrower_id");
    }
    return "";
  }

  /** Fallback: the top-level scalar values, as the tool wrote them. */
  static String generic(String tool, JsonNode node) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if ("analysis_date".equals(e.getKey()) || !v.isValueNode() || v.isNull()) {
        continue;
      }
      parts.add(e.getKey().replace('_', ' ') + " " + (v.isNumber() ? ResultFields.plain(v) : v.asString()));
    }
    String what = WHAT.getOrDefault(tool, tool);
    return parts.isEmpty() ? ResultFields.capitalise(what) + ": no figures returned."
        : ResultFields.capitalise(what) + ": " + String.join(", ", parts) + ".";
  }
}
