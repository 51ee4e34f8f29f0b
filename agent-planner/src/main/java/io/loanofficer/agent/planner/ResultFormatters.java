package io.loanofficer.agent.planner;

import static io.loanofficer.agent.planner.ResultFields.array;
import static io.loanofficer.agent.planner.ResultFields.count;
import static io.loanofficer.agent.planner.ResultFields.list;
import static io.loanofficer.agent.planner.ResultFields.money;
import static io.loanofficer.agent.planner.ResultFields.number;
import static io.loanofficer.agent.planner.ResultFields.plain;
import static io.loanofficer.agent.planner.ResultFields.signedMoney;
import static io.loanofficer.agent.planner.ResultFields.text;
import static io.loanofficer.agent.planner.ResultFields.texts;
import static io.loanofficer.agent.planner.ResultFields.two;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One small formatter per tool: the key figures of its result JSON (docs/tool-results.md) in one
 * paragraph. Only fields present in the result are printed.
 */
final class ResultFormatters {

  private static final int LIST_LIMIT = 10;

  static final Map<String, Function<JsonNode, String>> BY_TOOL = new LinkedHashMap<>();

  static {
    BY_TOOL.put("getLoanDetails", ResultFormatters::loanDetails);
    BY_TOOL.put("getLoanStatus", r -> "Loan " + text(r, "loan_id") + " is " + text(r, "status")
        + " (last updated " + text(r, "last_updated") + ").");
    BY_TOOL.put("getLoanSummary", ResultFormatters::loanSummary);
    BY_TOOL.put("getActiveLoans", ResultFormatters::activeLoans);
    BY_TOOL.put("getLoansByBorrower", ResultFormatters::loansByBorrower);
    BY_TOOL.put("getLoanPayments", ResultFormatters::loanPayments);
    BY_TOOL.put("getLoanCollateral", ResultFormatters::loanCollateral);
    BY_TOOL.put("getBorrowerDetails", ResultFormatters::borrowerDetails);
    BY_TOOL.put("getBorrowerDefaultRisk", ResultFormatters::defaultRisk);
    BY_TOOL.put("getBorrowerNonAccrualRisk", ResultFormatters::nonAccrualRisk);
    BY_TOOL.put("evaluateCollateralSufficiency", ResultFormatters::collateralSufficiency);
    BY_TOOL.put("getHighRiskFarmers", ResultFormatters::highRiskFarmers);
    BY_TOOL.put("forecastEquipmentMaintenance", ResultFormatters::maintenance);
    BY_TOOL.put("assessCropYieldRisk", ResultFormatters::cropYieldRisk);
    BY_TOOL.put("analyzeMarketPriceImpact", ResultFormatters::marketImpact);
    BY_TOOL.put("getRefinancingOptions", ResultFormatters::refinancing);
    BY_TOOL.put("analyzePaymentPatterns", ResultFormatters::paymentPatterns);
    BY_TOOL.put("recommendLoanRestructuring", ResultFormatters::restructuring);
    BY_TOOL.put("findBorrowers", ResultFormatters::borrowersFound);
  }

  private static String borrowersFound(JsonNode r) {
    List<JsonNode> candidates = array(r, "candidates");
    String listed = list(candidates, LIST_LIMIT, c -> text(c, "borrower_id") + " " + text(c, "borrower_name")
        + " (" + text(c, "farm_type") + ")", "; ");
    return "FOUND".equals(text(r, "status"))
        ? "\"" + text(r, "name") + "\" is borrower " + listed + "."
        : count(number(r, "count").longValue(), "borrower matches", "borrowers match") + " \"" + text(r, "name")
            + "\": " + listed + ".";
  }

  private ResultFormatters() {}

  private static String loanDetails(JsonNode r) {
    return "Loan " + text(r, "loan_id") + " (" + text(r, "loan_type") + ") for " + text(r, "borrower_name")
        + " (" + text(r, "borrower_id") + "): " + money(r, "loan_amount") + " at " + plain(r, "interest_rate")
        + "% over " + plain(r, "term_months") + " months, started " + text(r, "start_date") + ", status "
        + text(r, "status") + ".";
  }

  private static String loanSummary(JsonNode r) {
    StringBuilder counts = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : ResultFields.field(r, "counts_by_status").properties()) {
      counts.append(counts.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(plain(e.getValue()));
    }
    return "Portfolio summary: " + count(number(r, "total_loans").longValue(), "loan", "loans")
        + (counts.isEmpty() ? "" : " (" + counts + ")") + ", total " + money(r, "total_amount") + ", active "
        + money(r, "active_amount") + ". Average amount " + money(r, "average_amount") + ", average rate "
        + two(r, "average_rate") + "%, default rate " + two(r, "default_rate_percent") + "%.";
  }

  private static String activeLoans(JsonNode r) {
    List<JsonNode> loans = array(r, "loans");
    if (loans.isEmpty()) {
      return "There are no active loans.";
    }
    return count(number(r, "count").longValue(), "active loan", "active loans") + " totalling "
        + money(r, "total_amount") + ": " + list(loans, LIST_LIMIT, l -> text(l, "loan_id") + " "
        + text(l, "borrower_name") + " (" + text(l, "borrower_id") + ") " + money(l, "loan_amount") + ", "
        + text(l, "loan_type") + ", " + plain(l, "interest_rate") + "%", "; ") + ".";
  }

  private static String loansByBorrower(JsonNode r) {
    List<JsonNode> loans = array(r, "loans");
    String who = "Borrower " + text(r, "borrower_id") + " (" + text(r, "borrower_name") + ")";
    if (loans.isEmpty()) {
      return who + " has no loans.";
    }
    return who + " has " + count(number(r, "count").longValue(), "loan", "loans") + ": "
        + list(loans, LIST_LIMIT, l -> text(l, "loan_id") + " " + money(l, "loan_amount") + " " + text(l, "status")
        + " (" + text(l, "loan_type") + ", " + plain(l, "interest_rate") + "%, " + plain(l, "term_months")
        + " months)", "; ") + ".";
  }

  private static String loanPayments(JsonNode r) {
    List<JsonNode> payments = array(r, "payments");
    String head = "Loan " + text(r, "loan_id") + ": ";
    if (payments.isEmpty()) {
      return head + "no payments recorded.";
    }
    return head + count(number(r, "count").longValue(), "payment", "payments") + ", "
        + plain(r, "late_count") + " late. Newest first: " + list(payments, LIST_LIMIT, p -> text(p, "payment_date")
        + " " + money(p, "amount") + " " + text(p, "status") + (number(p, "days_late").signum() > 0
        ? " (" + plain(p, "days_late") + " days late)" : ""), "; ") + ".";
  }

  private static String loanCollateral(JsonNode r) {
    List<JsonNode> items = array(r, "collateral");
    if (items.isEmpty()) {
      return "Loan " + text(r, "loan_id") + " has no collateral on record.";
    }
    return "Loan " + text(r, "loan_id") + " collateral: " + money(r, "total_value") + " in total. "
        + list(items, LIST_LIMIT, c -> text(c, "collateral_id") + " " + text(c, "type") + ", "
        + text(c, "description") + ", " + money(c, "value"), "; ") + ".";
  }

  private static String borrowerDetails(JsonNode r) {
    return "Borrower " + text(r, "borrower_id") + ": " + text(r, "first_name") + " " + text(r, "last_name") + ", "
        + text(r, "farm_type") + " farm of " + plain(r, "farm_size") + " acres, credit score "
        + plain(r, "credit_score") + ", income " + money(r, "income") + ", officer " + text(r, "officer_id") + ".";
  }

  private static String defaultRisk(JsonNode r) {
    String factors = list(array(r, "factors"), LIST_LIMIT, f -> text(f, "factor") + " " + two(f, "points"), ", ");
    return "Borrower " + text(r, "borrower_id") + " default risk: " + two(r, "risk_score") + " ("
        + text(r, "risk_category") + ")." + (factors.isEmpty() ? "" : " Factors: " + factors + " points.");
  }

  private static String nonAccrualRisk(JsonNode r) {
    List<String> factors = texts(r, "factors");
    return "Borrower " + text(r, "borrower_id") + " non-accrual risk: " + plain(r, "risk_score") + " ("
        + text(r, "risk_level") + "). Late ratio " + two(r, "late_ratio") + ", longest " + plain(r, "max_days_late")
        + " days late." + (factors.isEmpty() ? "" : " Factors: " + String.join("; ", factors) + ".");
  }

  private static String collateralSufficiency(JsonNode r) {
    String loan = "Loan " + text(r, "loan_id");
    JsonNode ltv = ResultFields.field(r, "ltv");
    if (ltv.isNull()) {
      return loan + ": no collateral on record, so collateral is not sufficient. Loan amount "
          + money(r, "loan_amount") + ".";
    }
    boolean sufficient = ResultFields.field(r, "sufficient").asBoolean();
    return loan + ": LTV " + two(r, "ltv") + " — collateral is " + (sufficient ? "sufficient" : "not sufficient")
        + " (threshold 0.80). Loan amount " + money(r, "loan_amount") + ", collateral "
        + money(r, "total_collateral_value") + ".";
  }

  private static String highRiskFarmers(JsonNode r) {
    List<JsonNode> farmers = array(r, "farmers");
    if (farmers.isEmpty()) {
      return "No farmers reach the high-risk threshold (40 risk points).";
    }
    return count(number(r, "count").longValue(), "farmer is", "farmers are") + " on the high-risk list, highest first: "
        + list(farmers, LIST_LIMIT, f -> text(f, "borrower_id") + " " + text(f, "borrower_name") + ", "
        + plain(f, "risk_points") + " points (" + text(f, "risk_level") + "; "
        + list(array(f, "factors"), LIST_LIMIT, x -> text(x, "factor") + " " + plain(x, "points"), ", ") + ")", "; ")
        + ".";
  }

  private static String maintenance(JsonNode r) {
    List<JsonNode> items = array(r, "items");
    String head = "Borrower " + text(r, "borrower_id") + " equipment maintenance forecast for " + text(r, "forecast_year");
    if (items.isEmpty()) {
      return head + ": no equipment on record.";
    }
    return head + ": " + money(r, "total_annual_cost") + " in total. " + list(items, LIST_LIMIT, i -> text(i, "equipment_id")
        + " " + text(i, "type") + " (" + plain(i, "purchase_year") + ", age " + plain(i, "age") + ", "
        + text(i, "condition") + "): " + money(i, "annual_cost") + ", priority " + text(i, "priority"), "; ") + ".";
  }

  private static String cropYieldRisk(JsonNode r) {
    List<String> factors = texts(r, "risk_factors");
    List<String> recommendations = texts(r, "recommendations");
    return "Borrower " + text(r, "borrower_id") + " crop yield risk for " + text(r, "crop_type") + " in "
        + text(r, "season") + ": " + plain(r, "risk_score") + " (" + text(r, "risk_level") + ")."
        + (factors.isEmpty() ? "" : " Risk factors: " + String.join("; ", factors) + ".")
        + (recommendations.isEmpty() ? "" : " Recommendations: " + String.join("; ", recommendations) + ".");
  }

  private static String marketImpact(JsonNode r) {
    BigDecimal change = number(r, "price_change_percent");
    String pct = (change.signum() > 0 ? "+" : "") + change.stripTrailingZeros().toPlainString() + "%";
    boolean portfolio = "portfolio".equals(text(r, "scope"));
    String scope = portfolio ? "across the portfolio" : array(r, "breakdown").stream().findFirst()
        .map(b -> "for borrower " + text(b, "borrower_id")).orElse("for the borrower");
    String head = "A " + pct + " change in " + text(r, "commodity") + " prices " + scope + ": "
        + count(number(r, "affected_borrowers").longValue(), "affected borrower", "affected borrowers")
        + ", exposure " + money(r, "exposure") + ", estimated impact " + money(r, "estimated_impact") + " ("
        + (ResultFields.field(r, "adverse").asBoolean() ? "adverse" : "favourable") + ", impact level "
        + text(r, "impact_level") + ").";
    List<JsonNode> breakdown = array(r, "breakdown");
    if (!portfolio || breakdown.isEmpty()) {
      return head;
    }
    return head + " By borrower: " + list(breakdown, LIST_LIMIT, b -> text(b, "borrower_id") + " "
        + text(b, "borrower_name") + " (" + text(b, "farm_type") + ") exposure " + money(b, "exposure")
        + ", impact " + money(b, "estimated_impact"), "; ") + ".";
  }

  private static String refinancing(JsonNode r) {
    return "Loan " + text(r, "loan_id") + ": balance " + money(r, "current_balance") + " at "
        + plain(r, "current_rate") + "%, " + plain(r, "remaining_months") + " months left, monthly payment "
        + money(r, "current_monthly_payment") + "; closing costs " + money(r, "closing_costs") + ". Options: "
        + list(array(r, "options"), LIST_LIMIT, o -> text(o, "option") + " at " + plain(o, "new_rate") + "% over "
        + plain(o, "new_term_months") + " months: " + money(o, "new_monthly_payment") + " a month ("
        + signedMoney(number(o, "monthly_change")) + "), total interest " + signedMoney(number(o, "total_interest_change")),
        "; ") + ".";
  }

  private static String paymentPatterns(JsonNode r) {
    JsonNode seasons = ResultFields.field(r, "by_season");
    String bySeason = List.of("spring", "summer", "fall", "winter").stream()
        .filter(s -> seasons.has(s)).map(s -> s + " " + plain(seasons.get(s))).reduce((a, b) -> a + ", " + b).orElse("");
    return "Borrower " + text(r, "borrower_id") + " payment patterns: " + count(number(r, "total_payments").longValue(),
        "payment", "payments") + ", " + plain(r, "on_time") + " on time, " + plain(r, "late") + " late ("
        + two(r, "on_time_percent") + "% on time); average " + two(r, "average_days_late") + " days late, longest "
        + plain(r, "max_days_late") + " days." + (bySeason.isEmpty() ? "" : " By season: " + bySeason + ".")
        + " Reliability: " + text(r, "reliability") + ".";
  }

  private static String restructuring(JsonNode r) {
    JsonNode goal = r.get("restructuring_goal");
    String goalText = goal == null || goal.isNull() ? ""
        : " to " + switch (goal.asString()) {
          case "reduce_payments" -> "reduce payments";
          case "minimize_interest" -> "minimize interest";
          default -> goal.asString().replace('_', ' ');
        };
    return "Loan " + text(r, "loan_id") + " restructuring" + goalText + ": balance " + money(r, "current_balance")
        + " at " + plain(r, "current_rate") + "%, " + plain(r, "remaining_months") + " months left, monthly payment "
        + money(r, "current_monthly_payment") + ". Options: " + list(array(r, "options"), LIST_LIMIT, o -> text(o, "option")
        + " at " + plain(o, "new_rate") + "% over " + plain(o, "new_term_months") + " months: "
        + money(o, "new_monthly_payment") + " a month (" + signedMoney(number(o, "payment_change"))
        + "), total interest " + signedMoney(number(o, "total_interest_change")), "; ") + ". Recommended: "
        + text(r, "recommended") + ".";
  }
}
