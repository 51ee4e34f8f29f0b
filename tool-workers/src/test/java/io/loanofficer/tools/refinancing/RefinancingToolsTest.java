package io.loanofficer.tools.refinancing;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.testing.ToolTestSupport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * As of 2026-11-25. Expected figures computed by hand from the amortisation formulas (M on the original
 * terms, balance after k whole months, options on that balance; interest change = new payment·new term
 * − current payment·remaining).
 */
class RefinancingToolsTest extends ToolTestSupport {

  private void assertOption(JsonNode o, String name, String rate, int term, String payment, String change,
      String changeField, String interest) {
    assertThat(o.get("option").asString()).isEqualTo(name);
    assertNumber(o.get("new_rate"), rate);
    assertThat(o.get("new_term_months").asInt()).isEqualTo(term);
    assertNumber(o.get("new_monthly_payment"), payment);
    assertNumber(o.get(changeField), change);
    assertNumber(o.get("total_interest_change"), interest);
  }

  @Test
  void l001RefinancingFromTheAmortisedBalance() {
    // 50000 at 3.5% over 60: M = 909.59; 34 months elapsed (2024-01-01 -> 2026-11-25), 26 remain
    JsonNode r = ok("getRefinancingOptions", "{\"loan_id\":\"L001\"}", OFFICER_1);
    assertNumber(r.get("current_balance"), "22742.90");
    assertNumber(r.get("current_rate"), "3.50");
    assertThat(r.get("remaining_months").asInt()).isEqualTo(26);
    assertNumber(r.get("current_monthly_payment"), "909.59");
    assertNumber(r.get("closing_costs"), "454.86");
    assertThat(r.get("note").isNull()).isTrue();
    assertThat(r.get("options").size()).isEqualTo(2);
    assertOption(r.get("options").get(0), "Rate Reduction", "3.00", 26, "904.56", "-5.03", "monthly_change", "-130.81");
    assertOption(r.get("options").get(1), "Term Extension", "3.50", 38, "633.15", "-276.44", "monthly_change", "410.36");
  }

  @Test
  void l011Refinancing() {
    JsonNode r = ok("getRefinancingOptions", "{\"loan_id\":\"L011\"}", ANALYST);
    assertNumber(r.get("current_balance"), "30051.68");
    assertThat(r.get("remaining_months").asInt()).isEqualTo(28);
    assertNumber(r.get("current_monthly_payment"), "1146.07");
    assertNumber(r.get("closing_costs"), "601.03");
    assertOption(r.get("options").get(0), "Rate Reduction", "5.00", 28, "1139.33", "-6.74", "monthly_change", "-188.68");
    assertOption(r.get("options").get(1), "Term Extension", "5.50", 40, "823.98", "-322.09", "monthly_change", "869.22");
  }

  @Test
  void paidOffLoanHasNoOptions() {
    // L007: 12 months from 2024-09-10, all elapsed
    JsonNode r = ok("getRefinancingOptions", "{\"loan_id\":\"L007\"}", ANALYST);
    assertNumber(r.get("current_balance"), "0.00");
    assertThat(r.get("remaining_months").asInt()).isZero();
    assertNumber(r.get("current_monthly_payment"), "1269.04");
    assertNumber(r.get("closing_costs"), "0.00");
    assertThat(r.get("options").size()).isZero();
    assertThat(r.get("note").asString()).startsWith("Loan is paid off");
    JsonNode s = ok("recommendLoanRestructuring", "{\"loan_id\":\"L007\"}", ANALYST);
    assertThat(s.get("options").size()).isZero();
    assertThat(s.get("recommended").isNull()).isTrue();
    assertThat(s.get("note").asString()).startsWith("Loan is paid off");
  }

  @Test
  void closedLoanHasNoOptions() {
    JsonNode r = ok("getRefinancingOptions", "{\"loan_id\":\"L004\"}", ANALYST);
    assertThat(r.get("options").size()).isZero();
    assertNumber(r.get("current_balance"), "0.00");
    assertThat(r.get("note").asString()).startsWith("Loan is closed");
    assertThat(ok("recommendLoanRestructuring", "{\"loan_id\":\"L008\"}", ANALYST).get("note").asString())
        .startsWith("Loan is closed");
  }

  @Test
  void l002RestructuringWithEachGoal() {
    // 30000 at 4.0% over 36: M = 885.72; 29 months elapsed (2024-06-15 -> 2026-11-25), 7 remain
    JsonNode r = ok("recommendLoanRestructuring", "{\"loan_id\":\"L002\"}", OFFICER_1);
    assertNumber(r.get("current_balance"), "6118.19");
    assertThat(r.get("remaining_months").asInt()).isEqualTo(7);
    assertNumber(r.get("current_monthly_payment"), "885.72");
    assertThat(r.get("restructuring_goal").isNull()).isTrue();
    JsonNode o = r.get("options");
    assertThat(o.size()).isEqualTo(3);
    assertOption(o.get(0), "Term Extension", "4.00", 43, "152.96", "-732.76", "payment_change", "377.27");
    assertOption(o.get(1), "Rate Reduction", "3.00", 7, "882.79", "-2.93", "payment_change", "-20.51");
    assertOption(o.get(2), "Hybrid", "3.50", 31, "206.71", "-679.01", "payment_change", "207.83");
    assertThat(o.get(0).get("pros").size()).isPositive();
    assertThat(o.get(0).get("cons").size()).isPositive();
    assertThat(r.get("recommended").asString()).isEqualTo("Hybrid");

    JsonNode reduce = ok("recommendLoanRestructuring", "{\"loan_id\":\"L002\",\"restructuring_goal\":\"reduce_payments\"}", OFFICER_1);
    assertThat(reduce.get("restructuring_goal").asString()).isEqualTo("reduce_payments");
    assertThat(reduce.get("recommended").asString()).isEqualTo("Term Extension");
    JsonNode minimize = ok("recommendLoanRestructuring", "{\"loan_id\":\"L002\",\"restructuring_goal\":\"Minimize_Interest\"}", OFFICER_1);
    assertThat(minimize.get("recommended").asString()).isEqualTo("Rate Reduction");
  }

  @Test
  void restructuringRateFloors() {
    // L005 at 3.2%: rate reduction floored at 3.0; hybrid floor 3.5 would raise the rate, so it stays 3.2
    JsonNode o = ok("recommendLoanRestructuring", "{\"loan_id\":\"L005\"}", ANALYST).get("options");
    assertOption(o.get(0), "Term Extension", "3.20", 48, "191.14", "-538.10", "payment_change", "423.84");
    assertOption(o.get(1), "Rate Reduction", "3.00", 12, "728.45", "-0.78", "payment_change", "-9.41");
    assertOption(o.get(2), "Hybrid", "3.20", 36, "250.89", "-478.35", "payment_change", "281.10");
    // L003 (Pending) at 3.0%: the 3.0 floor means no reduction at all
    JsonNode l003 = ok("recommendLoanRestructuring", "{\"loan_id\":\"L003\"}", ANALYST);
    assertNumber(l003.get("current_balance"), "3417.11");
    assertOption(l003.get("options").get(1), "Rate Reduction", "3.00", 4, "859.62", "0.00", "payment_change", "0.00");
  }

  @Test
  void reducedRateRule() {
    assertThat(RepaymentScenario.reducedRate(new BigDecimal("4.0"), new BigDecimal("0.5"), new BigDecimal("2.0"))).isEqualByComparingTo("3.5");
    assertThat(RepaymentScenario.reducedRate(new BigDecimal("2.3"), new BigDecimal("0.5"), new BigDecimal("2.0"))).isEqualByComparingTo("2.0");
    assertThat(RepaymentScenario.reducedRate(new BigDecimal("1.5"), new BigDecimal("0.5"), new BigDecimal("2.0"))).isEqualByComparingTo("1.5");
    assertThat(RecommendLoanRestructuringTool.recommended(null)).isEqualTo("Hybrid");
  }
}
