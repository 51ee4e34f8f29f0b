package io.loanofficer.tools.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RiskToolsTest extends ToolTestSupport {

  @Autowired
  private BorrowerFactsLoader facts;

  @Autowired
  private Portfolio portfolio;

  @Test
  void theDatabasesTotalsGiveTheSameFactsAsTheRowsForEveryCaller() {
    // the list's facts are summed by SQL, one borrower's facts from its rows: they must agree
    for (Caller caller : List.of(OFFICER_1, OFFICER_2, ANALYST)) {
      // the plain row mapper reads what the repository reads
      assertThat(portfolio.visibleBorrowerRows(caller)).containsExactlyInAnyOrderElementsOf(portfolio.visibleBorrowers(caller));
      List<BorrowerFacts> summed = visibleFacts(caller);
      assertThat(summed).extracting(f -> f.borrower().borrowerId())
          .containsExactlyInAnyOrderElementsOf(portfolio.visibleBorrowers(caller).stream().map(Borrower::borrowerId).toList());
      for (BorrowerFacts f : summed) {
        BorrowerFacts fromRows = facts.of(f.borrower());
        assertThat(f.paymentCount()).as(f.borrower().borrowerId()).isEqualTo(fromRows.paymentCount());
        assertThat(f.latePayments()).as(f.borrower().borrowerId()).isEqualTo(fromRows.latePayments());
        assertThat(f.maxDaysLate()).as(f.borrower().borrowerId()).isEqualTo(fromRows.maxDaysLate());
        assertThat(f.lateRatio()).as(f.borrower().borrowerId()).isEqualByComparingTo(fromRows.lateRatio());
        assertThat(f.outstandingDebt()).as(f.borrower().borrowerId()).isEqualByComparingTo(fromRows.outstandingDebt());
        assertThat(f.debtToIncome()).as(f.borrower().borrowerId()).isEqualByComparingTo(fromRows.debtToIncome());
      }
    }
    // B012 (analyst's view): 3 payments, all late
    BorrowerFacts b012 = visibleFacts(ANALYST).stream().filter(f -> f.borrower().borrowerId().equals("B012")).findFirst().orElseThrow();
    assertThat(b012.paymentCount()).isEqualTo(3);
    assertThat(b012.latePayments()).isEqualTo(3);
  }

  private List<BorrowerFacts> visibleFacts(Caller caller) {
    List<BorrowerFacts> all = new ArrayList<>();
    facts.forEachVisible(caller, all::add);
    return all;
  }

  private void assertFactor(JsonNode factor, String name, String value, String points) {
    assertThat(factor.get("factor").asString()).isEqualTo(name);
    assertNumber(factor.get("value"), value);
    assertNumber(factor.get("points"), points);
  }

  @Test
  void b001DefaultRiskIsLow() {
    JsonNode r = ok("getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}", OFFICER_1);
    assertThat(r.get("borrower_name").asString()).isEqualTo("John Doe");
    // credit (1 - 450/550)*40 = 7.27; payment 1/3*40 = 13.33; dti min(20, 10*0.5) = 5.00; 25.61/100
    assertNumber(r.get("risk_score"), "0.26");
    assertThat(r.get("risk_category").asString()).isEqualTo("Low");
    JsonNode f = r.get("factors");
    assertThat(f.size()).isEqualTo(3);
    assertFactor(f.get(0), "Credit Score", "750", "7.27");
    assertFactor(f.get(1), "Payment History", "0.33", "13.33");
    assertFactor(f.get(2), "Debt-to-Income", "0.50", "5.00");
  }

  @Test
  void b012DefaultRiskIsHigh() {
    JsonNode r = ok("getBorrowerDefaultRisk", "{\"borrower_id\":\"B012\"}", ANALYST);
    // credit 210/550*40 = 15.27; payment 3/3*40 = 40; dti 10*48000/58000 = 8.28; 63.55/100
    assertNumber(r.get("risk_score"), "0.64");
    assertThat(r.get("risk_category").asString()).isEqualTo("High");
    assertFactor(r.get("factors").get(0), "Credit Score", "640", "15.27");
    assertFactor(r.get("factors").get(1), "Payment History", "1.00", "40.00");
    assertFactor(r.get("factors").get(2), "Debt-to-Income", "0.83", "8.28");
  }

  @Test
  void b011DefaultRiskIsModerate() {
    JsonNode r = ok("getBorrowerDefaultRisk", "{\"borrower_id\":\"B011\"}", ANALYST);
    // credit 240/550*40 = 17.45; payment 2/4*40 = 20; dti 10*60000/52000 = 11.54; 48.99/100
    assertNumber(r.get("risk_score"), "0.49");
    assertThat(r.get("risk_category").asString()).isEqualTo("Moderate");
    assertFactor(r.get("factors").get(2), "Debt-to-Income", "1.15", "11.54");
  }

  @Test
  void b004DefaultRiskIsVeryLow() {
    JsonNode r = ok("getBorrowerDefaultRisk", "{\"borrower_id\":\"B004\"}", ANALYST);
    // credit 70/550*40 = 5.09; no late payments; only a Closed loan so DTI 0
    assertNumber(r.get("risk_score"), "0.05");
    assertThat(r.get("risk_category").asString()).isEqualTo("Very Low");
    assertFactor(r.get("factors").get(2), "Debt-to-Income", "0.00", "0.00");
  }

  @Test
  void defaultRiskFormulaBoundaries() {
    assertThat(GetBorrowerDefaultRiskTool.category(new BigDecimal("0.1999"))).isEqualTo("Very Low");
    assertThat(GetBorrowerDefaultRiskTool.category(new BigDecimal("0.2"))).isEqualTo("Low");
    assertThat(GetBorrowerDefaultRiskTool.category(new BigDecimal("0.4"))).isEqualTo("Moderate");
    assertThat(GetBorrowerDefaultRiskTool.category(new BigDecimal("0.6"))).isEqualTo("High");
    assertThat(GetBorrowerDefaultRiskTool.category(new BigDecimal("0.7999"))).isEqualTo("High");
    assertThat(GetBorrowerDefaultRiskTool.category(new BigDecimal("0.8"))).isEqualTo("Very High");
    // credit clamped: 250 -> 40 points, 900 -> 0 points; DTI capped at 20 points
    var worst = GetBorrowerDefaultRiskTool.score(250, BigDecimal.ONE, new BigDecimal("5"));
    assertThat(worst.creditPoints()).isEqualByComparingTo("40");
    assertThat(worst.paymentPoints()).isEqualByComparingTo("40");
    assertThat(worst.dtiPoints()).isEqualByComparingTo("20");
    assertThat(worst.score()).isEqualByComparingTo("1.00");
    var best = GetBorrowerDefaultRiskTool.score(900, BigDecimal.ZERO, BigDecimal.ZERO);
    assertThat(best.score()).isEqualByComparingTo("0");
    assertThat(GetBorrowerDefaultRiskTool.score(850, BigDecimal.ZERO, new BigDecimal("2")).dtiPoints()).isEqualByComparingTo("20");
  }

  @Test
  void nonAccrualRiskLevels() {
    JsonNode b012 = ok("getBorrowerNonAccrualRisk", "{\"borrower_id\":\"B012\"}", OFFICER_2);
    assertThat(b012.get("risk_score").asInt()).isEqualTo(69); // 50*1 + 50*210/550 = 69.09
    assertThat(b012.get("risk_level").asString()).isEqualTo("high");
    assertNumber(b012.get("late_ratio"), "1.00");
    assertThat(b012.get("max_days_late").asInt()).isEqualTo(90);
    assertThat(texts(b012.get("factors"), null)).containsExactly(
        "3 of 3 payments late (late ratio 1.00)",
        "A payment was 90 or more days late (90 days)",
        "Credit score 640 contributes 19.09 points");

    JsonNode b011 = ok("getBorrowerNonAccrualRisk", "{\"borrower_id\":\"B011\"}", OFFICER_1);
    assertThat(b011.get("risk_score").asInt()).isEqualTo(47); // 25 + 21.82
    assertThat(b011.get("risk_level").asString()).isEqualTo("medium");
    assertThat(b011.get("max_days_late").asInt()).isEqualTo(45);
    assertThat(texts(b011.get("factors"), null)).contains("A payment was more than 30 days late (45 days)");

    JsonNode b005 = ok("getBorrowerNonAccrualRisk", "{\"borrower_id\":\"B005\"}", OFFICER_1);
    assertThat(b005.get("risk_score").asInt()).isEqualTo(30); // 16.67 + 13.64 = 30.30: boundary, medium
    assertThat(b005.get("risk_level").asString()).isEqualTo("medium");

    JsonNode b001 = ok("getBorrowerNonAccrualRisk", "{\"borrower_id\":\"B001\"}", OFFICER_1);
    assertThat(b001.get("risk_score").asInt()).isEqualTo(26); // 16.67 + 9.09
    assertThat(b001.get("risk_level").asString()).isEqualTo("low");
    assertThat(b001.get("max_days_late").asInt()).isEqualTo(12);

    JsonNode b003 = ok("getBorrowerNonAccrualRisk", "{\"borrower_id\":\"B003\"}", OFFICER_1);
    assertThat(b003.get("risk_score").asInt()).isEqualTo(15); // no payments: 0 + 15.45
    assertThat(b003.get("risk_level").asString()).isEqualTo("low");
    assertNumber(b003.get("late_ratio"), "0.00");
    assertThat(texts(b003.get("factors"), null)).first().isEqualTo("No payment history");
  }

  @Test
  void nonAccrualBoundaries() {
    assertThat(GetBorrowerNonAccrualRiskTool.level(29)).isEqualTo("low");
    assertThat(GetBorrowerNonAccrualRiskTool.level(30)).isEqualTo("medium");
    assertThat(GetBorrowerNonAccrualRiskTool.level(59)).isEqualTo("medium");
    assertThat(GetBorrowerNonAccrualRiskTool.level(60)).isEqualTo("high");
    // 50*0.5 + 50*(850-520)/550 = 25 + 30 = 55
    assertThat(GetBorrowerNonAccrualRiskTool.score(new BigDecimal("0.5"), 520)).isEqualTo(55);
    // rounding HALF_UP: 50*(850-839)/550 = 1.0 ; 50*0.01 = 0.5 -> 1.5 -> 2
    assertThat(GetBorrowerNonAccrualRiskTool.score(new BigDecimal("0.01"), 839)).isEqualTo(2);
  }

  @Test
  void highRiskFarmersForAnalyst() {
    JsonNode r = ok("getHighRiskFarmers", "{}", ANALYST);
    JsonNode farmers = r.get("farmers");
    assertThat(texts(farmers, "borrower_id")).containsExactly("B011", "B012", "B005", "B009");
    assertThat(r.get("count").asInt()).isEqualTo(4);
    // listed whole: no page object
    assertThat(r.has("page")).isFalse();
    // B011: credit 610 +30, income 52000 +20, 80 acres +15, DTI 1.15 +25, late 0.5 +20
    assertFarmer(farmers.get(0), "B011", "Kevin Lopez", 110, "High",
        List.of("Credit Score=30", "Income=20", "Farm Size=15", "Debt-to-Income=25", "Payment History=20"));
    // B012: credit 640 +30, income 58000 +20, 120 acres 0, DTI 0.83 +25, late 1.0 +20
    assertFarmer(farmers.get(1), "B012", "Laura Miller", 95, "High",
        List.of("Credit Score=30", "Income=20", "Debt-to-Income=25", "Payment History=20"));
    // B005: credit 700 0, income 75000 +10, DTI 0.33 +10, late 0.33 +20
    assertFarmer(farmers.get(2), "B005", "Charlie Davis", 40, "Medium-High",
        List.of("Income=10", "Debt-to-Income=10", "Payment History=20"));
    // B009: credit 730 0, income 78000 +10, DTI 0.36 +10, late 0.33 +20
    assertFarmer(farmers.get(3), "B009", "Henry Ivy", 40, "Medium-High",
        List.of("Income=10", "Debt-to-Income=10", "Payment History=20"));
  }

  @Test
  void highRiskFarmersArePortfolioFiltered() {
    assertThat(texts(ok("getHighRiskFarmers", "{}", OFFICER_1).get("farmers"), "borrower_id")).containsExactly("B011", "B005");
    assertThat(texts(ok("getHighRiskFarmers", "{}", OFFICER_2).get("farmers"), "borrower_id")).containsExactly("B012", "B009");
  }

  private void assertFarmer(JsonNode farmer, String id, String name, int points, String level, List<String> factors) {
    assertThat(farmer.get("borrower_id").asString()).isEqualTo(id);
    assertThat(farmer.get("borrower_name").asString()).isEqualTo(name);
    assertThat(farmer.get("risk_points").asInt()).isEqualTo(points);
    assertThat(farmer.get("risk_level").asString()).isEqualTo(level);
    List<String> actual = new java.util.ArrayList<>();
    farmer.get("factors").forEach(f -> actual.add(f.get("factor").asString() + "=" + f.get("points").asInt()));
    assertThat(actual).containsExactlyElementsOf(factors);
  }
}
