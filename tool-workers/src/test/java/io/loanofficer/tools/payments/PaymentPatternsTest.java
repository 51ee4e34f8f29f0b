package io.loanofficer.tools.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.testing.ToolTestSupport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PaymentPatternsTest extends ToolTestSupport {

  private void assertSeasons(JsonNode r, int spring, int summer, int fall, int winter) {
    JsonNode s = r.get("by_season");
    assertThat(s.get("spring").asInt()).isEqualTo(spring);
    assertThat(s.get("summer").asInt()).isEqualTo(summer);
    assertThat(s.get("fall").asInt()).isEqualTo(fall);
    assertThat(s.get("winter").asInt()).isEqualTo(winter);
  }

  @Test
  void b001() {
    // P001 2024-02-01 (winter), P002 2024-03-01 (spring), P003 2024-04-13 late 12 (spring)
    JsonNode r = ok("analyzePaymentPatterns", "{\"borrower_id\":\"B001\"}", OFFICER_1);
    assertThat(r.get("total_payments").asInt()).isEqualTo(3);
    assertThat(r.get("on_time").asInt()).isEqualTo(2);
    assertThat(r.get("late").asInt()).isEqualTo(1);
    assertNumber(r.get("on_time_percent"), "66.67");
    assertNumber(r.get("average_days_late"), "12.00");
    assertThat(r.get("max_days_late").asInt()).isEqualTo(12);
    assertSeasons(r, 2, 0, 0, 1);
    assertThat(r.get("reliability").asString()).isEqualTo("Needs Improvement");
  }

  @Test
  void b002IsExcellent() {
    JsonNode r = ok("analyzePaymentPatterns", "{\"borrower_id\":\"B002\"}", OFFICER_1);
    assertNumber(r.get("on_time_percent"), "100.00");
    assertNumber(r.get("average_days_late"), "0.00");
    assertSeasons(r, 0, 2, 1, 0);
    assertThat(r.get("reliability").asString()).isEqualTo("Excellent");
  }

  @Test
  void b011AndB012() {
    JsonNode b011 = ok("analyzePaymentPatterns", "{\"borrower_id\":\"B011\"}", ANALYST);
    assertThat(b011.get("total_payments").asInt()).isEqualTo(4);
    assertThat(b011.get("late").asInt()).isEqualTo(2);
    assertNumber(b011.get("on_time_percent"), "50.00");
    assertNumber(b011.get("average_days_late"), "32.50"); // (20 + 45) / 2
    assertThat(b011.get("max_days_late").asInt()).isEqualTo(45);
    assertSeasons(b011, 2, 2, 0, 0);
    JsonNode b012 = ok("analyzePaymentPatterns", "{\"borrower_id\":\"B012\"}", OFFICER_2);
    assertThat(b012.get("on_time").asInt()).isZero();
    assertNumber(b012.get("on_time_percent"), "0.00");
    assertNumber(b012.get("average_days_late"), "60.00");
    assertThat(b012.get("max_days_late").asInt()).isEqualTo(90);
    assertSeasons(b012, 1, 0, 0, 2);
    assertThat(b012.get("reliability").asString()).isEqualTo("Needs Improvement");
  }

  @Test
  void noPaymentsMeansNoHistory() {
    JsonNode r = ok("analyzePaymentPatterns", "{\"borrower_id\":\"B003\"}", OFFICER_1);
    assertThat(r.get("total_payments").asInt()).isZero();
    assertThat(r.get("on_time_percent").isNull()).isTrue();
    assertNumber(r.get("average_days_late"), "0.00");
    assertThat(r.get("max_days_late").asInt()).isZero();
    assertSeasons(r, 0, 0, 0, 0);
    assertThat(r.get("reliability").asString()).isEqualTo("No history");
  }

  @Test
  void reliabilityBoundaries() {
    assertThat(AnalyzePaymentPatternsTool.reliability(new BigDecimal("90"))).isEqualTo("Excellent");
    assertThat(AnalyzePaymentPatternsTool.reliability(new BigDecimal("89.99"))).isEqualTo("Good");
    assertThat(AnalyzePaymentPatternsTool.reliability(new BigDecimal("75"))).isEqualTo("Good");
    assertThat(AnalyzePaymentPatternsTool.reliability(new BigDecimal("74.99"))).isEqualTo("Needs Improvement");
    assertThat(AnalyzePaymentPatternsTool.reliability(null)).isEqualTo("No history");
  }
}
