package io.loanofficer.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ToolInvocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerComposerTest {

  private final AnswerComposer composer = new AnswerComposer();

  private static ChatMessage.ToolResult ok(String tool, String args, String json) {
    return new ChatMessage.ToolResult("call-1", tool, args, "OK", json);
  }

  @Test
  void collateralNotSufficient() {
    String json = """
        {"loan_id":"L002","loan_amount":30000.00,"total_collateral_value":35000.00,"ltv":0.86,
         "sufficient":false,"reason":"LTV_AT_OR_ABOVE_0.80","analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}", json)))
        .isEqualTo("Loan L002: LTV 0.86 — collateral is not sufficient (threshold 0.80). "
            + "Loan amount $30,000.00, collateral $35,000.00.");
  }

  @Test
  void collateralMissing() {
    String json = """
        {"loan_id":"L003","loan_amount":20000,"total_collateral_value":0,"ltv":null,
         "sufficient":false,"reason":"NO_COLLATERAL","analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L003\"}", json)))
        .isEqualTo("Loan L003: no collateral on record, so collateral is not sufficient. Loan amount $20,000.00.");
  }

  @Test
  void defaultRisk() {
    String json = """
        {"borrower_id":"B001","borrower_name":"John Doe","risk_score":0.26,"risk_category":"Low",
         "factors":[{"factor":"Credit Score","value":750,"points":7.27},
                    {"factor":"Payment History","value":0.33,"points":13.33},
                    {"factor":"Debt-to-Income","value":0.5,"points":5.0}],
         "analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}", json)))
        .isEqualTo("Borrower B001 default risk: 0.26 (Low). Factors: Credit Score 7.27, Payment History 13.33, "
            + "Debt-to-Income 5.00 points.");
  }

  @Test
  void highRiskFarmers() {
    String json = """
        {"farmers":[
          {"borrower_id":"B011","borrower_name":"Kevin Lopez","risk_points":95,"risk_level":"High",
           "factors":[{"factor":"Credit Score","points":30},{"factor":"Income","points":20},{"factor":"Farm Size","points":15}]},
          {"borrower_id":"B012","borrower_name":"Laura Miller","risk_points":45,"risk_level":"Medium-High",
           "factors":[{"factor":"Credit Score","points":30},{"factor":"Debt-to-Income","points":15}]}],
         "count":2,"analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("getHighRiskFarmers", "{}", json)))
        .isEqualTo("2 farmers are on the high-risk list, highest first: "
            + "B011 Kevin Lopez, 95 points (High; Credit Score 30, Income 20, Farm Size 15); "
            + "B012 Laura Miller, 45 points (Medium-High; Credit Score 30, Debt-to-Income 15).");
  }

  @Test
  void emptyHighRiskList() {
    assertThat(composer.paragraph(ok("getHighRiskFarmers", "{}", "{\"farmers\":[],\"count\":0}")))
        .isEqualTo("No farmers reach the high-risk threshold (40 risk points).");
  }

  @Test
  void typedErrors() {
    assertThat(composer.paragraph(new ChatMessage.ToolResult("c", "getLoanDetails", "{\"loan_id\":\"L999\"}",
        "NOT_FOUND", "no such loan"))).isEqualTo("I could not find loan L999.");
    assertThat(composer.paragraph(new ChatMessage.ToolResult("c", "getBorrowerDefaultRisk",
        "{\"borrower_id\":\"B007\"}", "FORBIDDEN", "not in portfolio")))
        .isEqualTo("Borrower B007 is outside your portfolio, so I cannot show it.");
    assertThat(composer.paragraph(new ChatMessage.ToolResult("c", "getLoanStatus", "{\"loan_id\":\"LX\"}",
        "INVALID_ARGUMENT", "loan_id must look like L001")))
        .isEqualTo("The loan status lookup for loan LX was rejected as invalid: loan_id must look like L001.");
    assertThat(composer.paragraph(new ChatMessage.ToolResult("c", "getLoanSummary", "{}", "TIMEOUT", "")))
        .isEqualTo("The portfolio summary did not answer in time; please try again.");
    assertThat(composer.paragraph(new ChatMessage.ToolResult("c", "getLoanPayments", "{\"loan_id\":\"L001\"}",
        "INTERNAL", "boom")))
        .isEqualTo("The payment history lookup for loan L001 failed with an internal error; please try again later.");
  }

  @Test
  void oneParagraphPerCallInCallOrder() {
    List<ChatMessage> messages = List.of(
        new ChatMessage.UserText("Compare the default risk for borrowers B001 and B007"),
        new ChatMessage.AssistantToolCalls(List.of(
            new ToolInvocation("call-1", "getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}"),
            new ToolInvocation("call-2", "getBorrowerDefaultRisk", "{\"borrower_id\":\"B007\"}"))),
        new ChatMessage.ToolResult("call-2", "getBorrowerDefaultRisk", "{\"borrower_id\":\"B007\"}", "FORBIDDEN", "x"),
        new ChatMessage.ToolResult("call-1", "getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}", "OK",
            "{\"borrower_id\":\"B001\",\"risk_score\":0.3,\"risk_category\":\"Low\",\"factors\":[]}"));
    assertThat(composer.compose(messages)).isEqualTo("Borrower B001 default risk: 0.30 (Low).\n\n"
        + "Borrower B007 is outside your portfolio, so I cannot show it.");
  }

  @Test
  void loanDetailsAndSummary() {
    String details = """
        {"loan_id":"L001","borrower_id":"B001","borrower_name":"John Doe","loan_amount":50000.00,
         "interest_rate":3.5,"term_months":60,"start_date":"2024-01-01","status":"Active","loan_type":"Land",
         "analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("getLoanDetails", "{\"loan_id\":\"L001\"}", details)))
        .isEqualTo("Loan L001 (Land) for John Doe (B001): $50,000.00 at 3.5% over 60 months, started 2024-01-01, "
            + "status Active.");
    String summary = """
        {"total_loans":12,"counts_by_status":{"Active":6,"Pending":3,"Closed":2,"Defaulted":1},
         "total_amount":428000.00,"active_amount":198000.00,"average_amount":35666.67,"average_rate":3.86,
         "default_rate_percent":8.33,"analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("getLoanSummary", "{}", summary)))
        .isEqualTo("Portfolio summary: 12 loans (Active 6, Pending 3, Closed 2, Defaulted 1), total $428,000.00, "
            + "active $198,000.00. Average amount $35,666.67, average rate 3.86%, default rate 8.33%.");
  }

  @Test
  void unexpectedShapeFallsBackToTopLevelValues() {
    assertThat(composer.paragraph(ok("getLoanStatus", "{\"loan_id\":\"L001\"}",
        "{\"loan_id\":\"L001\",\"state\":\"Active\",\"analysis_date\":\"2025-06-30\"}")))
        .isEqualTo("Loan status lookup: loan id L001, state Active.");
    assertThat(composer.paragraph(ok("someNewTool", "{}", "{\"score\":12.50,\"label\":\"x\",\"list\":[1]}")))
        .isEqualTo("SomeNewTool: score 12.5, label x.");
  }

  @Test
  void restructuringAndMarketImpact() {
    String restructuring = """
        {"loan_id":"L003","current_balance":20000,"current_rate":3.0,"remaining_months":24,
         "current_monthly_payment":859.62,"restructuring_goal":"reduce_payments",
         "options":[{"option":"Term Extension","new_rate":3.0,"new_term_months":60,"new_monthly_payment":359.37,
                     "payment_change":-500.25,"total_interest_change":931.0,"pros":["lower payment"],"cons":["more interest"]}],
         "recommended":"Term Extension","analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("recommendLoanRestructuring", "{\"loan_id\":\"L003\"}", restructuring)))
        .isEqualTo("Loan L003 restructuring to reduce payments: balance $20,000.00 at 3%, 24 months left, monthly "
            + "payment $859.62. Options: Term Extension at 3% over 60 months: $359.37 a month (-$500.25), total "
            + "interest +$931.00. Recommended: Term Extension.");
    String market = """
        {"commodity":"corn","price_change_percent":15,"scope":"portfolio","affected_borrowers":2,"exposure":75000,
         "estimated_impact":3375,"adverse":false,"impact_level":"medium",
         "breakdown":[{"borrower_id":"B001","borrower_name":"John Doe","farm_type":"Crop","exposure":50000,"estimated_impact":2250},
                      {"borrower_id":"B002","borrower_name":"Jane Smith","farm_type":"Livestock","exposure":25000,"estimated_impact":1125}],
         "analysis_date":"2025-06-30"}""";
    assertThat(composer.paragraph(ok("analyzeMarketPriceImpact", "{}", market)))
        .isEqualTo("A +15% change in corn prices across the portfolio: 2 affected borrowers, exposure $75,000.00, "
            + "estimated impact $3,375.00 (favourable, impact level medium). By borrower: B001 John Doe (Crop) exposure "
            + "$50,000.00, impact $2,250.00; B002 Jane Smith (Livestock) exposure $25,000.00, impact $1,125.00.");
  }
}
