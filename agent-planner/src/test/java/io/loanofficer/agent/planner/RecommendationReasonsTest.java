package io.loanofficer.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.model.ChatMessage;
import org.junit.jupiter.api.Test;

/**
 * Every recommendation-type answer names the factors and figures that produced it, so an
 * adverse-action reason can be given from the answer (default risk, high-risk list and restructuring
 * are pinned exactly in AnswerComposerTest; these complete the set).
 */
class RecommendationReasonsTest {

  private final AnswerComposer composer = new AnswerComposer();

  private static ChatMessage.ToolResult ok(String tool, String json) {
    return new ChatMessage.ToolResult("call-1", tool, "{}", "OK", json);
  }

  @Test
  void defaultRiskNamesEachFactorWithItsPoints() {
    String answer = composer.paragraph(ok("getBorrowerDefaultRisk", """
        {"borrower_id":"B003","borrower_name":"Alice Johnson","risk_score":0.61,"risk_category":"High",
         "factors":[{"factor":"Credit Score","value":680,"points":0.2},{"factor":"Payment History","value":0.4,"points":0.24},
                    {"factor":"Debt-to-Income","value":0.85,"points":0.17}],"analysis_date":"2026-11-25"}"""));
    assertThat(answer).contains("0.61", "High", "Credit Score 0.20", "Payment History 0.24", "Debt-to-Income 0.17");
  }

  @Test
  void nonAccrualRiskNamesItsFactorsAndFigures() {
    String answer = composer.paragraph(ok("getBorrowerNonAccrualRisk", """
        {"borrower_id":"B003","borrower_name":"Alice Johnson","risk_score":55,"risk_level":"High","late_ratio":0.42,
         "max_days_late":95,"factors":["Late ratio 0.42 above 0.30","Payment 95 days late (over 90)"],
         "analysis_date":"2026-11-25"}"""));
    assertThat(answer).contains("55", "High", "0.42", "95 days late", "Late ratio 0.42 above 0.30",
        "Payment 95 days late (over 90)");
  }

  @Test
  void refinancingNamesEachOptionsFigures() {
    String answer = composer.paragraph(ok("getRefinancingOptions", """
        {"loan_id":"L001","current_balance":40000.00,"current_rate":5.0,"remaining_months":36,
         "current_monthly_payment":1198.82,"closing_costs":800.00,
         "options":[{"option":"Lower rate","new_rate":4.0,"new_term_months":36,"new_monthly_payment":1180.96,
                     "monthly_change":-17.86,"total_interest_change":-642.96}],
         "note":null,"analysis_date":"2026-11-25"}"""));
    assertThat(answer).contains("L001", "$40,000.00", "5%", "36 months", "$1,198.82", "$800.00", "Lower rate", "4%",
        "$1,180.96", "17.86", "642.96");
  }
}
