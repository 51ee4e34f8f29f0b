package io.loanofficer.tools.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.testing.ToolTestSupport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Active loans: L001 B001 50000, L002 B002 30000, L005 B005 25000, L007 B007 15000, L009 B009 28000, L011 B011 60000. */
class MarketPriceImpactTest extends ToolTestSupport {

  private void assertRow(JsonNode row, String id, String exposure, String impact) {
    assertThat(row.get("borrower_id").asString()).isEqualTo(id);
    assertNumber(row.get("exposure"), exposure);
    assertNumber(row.get("estimated_impact"), impact);
  }

  @Test
  void cornDropAcrossTheWholePortfolio() {
    JsonNode r = ok("analyzeMarketPriceImpact", "{\"commodity\":\"corn\",\"price_change_percent\":\"-10%\"}", ANALYST);
    assertThat(r.get("commodity").asString()).isEqualTo("corn");
    assertNumber(r.get("price_change_percent"), "-10");
    assertThat(r.get("scope").asString()).isEqualTo("portfolio");
    assertThat(r.get("affected_borrowers").asInt()).isEqualTo(12); // every farm type lists corn
    assertNumber(r.get("exposure"), "208000.00");
    assertNumber(r.get("estimated_impact"), "6240.00"); // 208000 * 0.10 * 0.3
    assertThat(r.get("adverse").asBoolean()).isTrue();
    assertThat(r.get("impact_level").asString()).isEqualTo("high");
    JsonNode b = r.get("breakdown");
    assertThat(b.size()).isEqualTo(6);
    assertRow(b.get(0), "B011", "60000.00", "1800.00");
    assertRow(b.get(1), "B001", "50000.00", "1500.00");
    assertRow(b.get(2), "B002", "30000.00", "900.00");
    assertRow(b.get(3), "B009", "28000.00", "840.00");
    assertRow(b.get(4), "B005", "25000.00", "750.00");
    assertRow(b.get(5), "B007", "15000.00", "450.00");
    assertThat(b.get(0).get("borrower_name").asString()).isEqualTo("Kevin Lopez");
    assertThat(b.get(0).get("farm_type").asString()).isEqualTo("Crop");
  }

  @Test
  void officerPortfolioIsFiltered() {
    JsonNode r = ok("analyzeMarketPriceImpact", "{\"commodity\":\"corn\",\"price_change_percent\":\"down 10%\"}", OFFICER_1);
    assertNumber(r.get("price_change_percent"), "-10");
    assertThat(r.get("affected_borrowers").asInt()).isEqualTo(6);
    assertNumber(r.get("exposure"), "165000.00");
    assertNumber(r.get("estimated_impact"), "4950.00");
    assertThat(r.get("impact_level").asString()).isEqualTo("medium");
    assertThat(texts(r.get("breakdown"), "borrower_id")).containsExactly("B011", "B001", "B002", "B005");
  }

  @Test
  void dairyRiseForOfficer2IsMinimalAndNotAdverse() {
    JsonNode r = ok("analyzeMarketPriceImpact", "{\"commodity\":\"dairy\",\"price_change_percent\":\"+15%\"}", OFFICER_2);
    assertThat(r.get("affected_borrowers").asInt()).isEqualTo(3); // B007, B010 (Mixed), B012 (Dairy)
    assertNumber(r.get("exposure"), "15000.00");                 // only B007 has an Active loan
    assertNumber(r.get("estimated_impact"), "675.00");
    assertThat(r.get("adverse").asBoolean()).isFalse();
    assertThat(r.get("impact_level").asString()).isEqualTo("minimal");
    assertThat(texts(r.get("breakdown"), "borrower_id")).containsExactly("B007");
  }

  @Test
  void fractionalRiceRiseIsHigh() {
    JsonNode r = ok("analyzeMarketPriceImpact", "{\"commodity\":\"rice\",\"price_change_percent\":\"+12.5%\"}", ANALYST);
    assertNumber(r.get("price_change_percent"), "12.5");
    assertThat(r.get("affected_borrowers").asInt()).isEqualTo(5); // the Crop borrowers
    assertNumber(r.get("exposure"), "138000.00");
    assertNumber(r.get("estimated_impact"), "5175.00");
    assertThat(r.get("impact_level").asString()).isEqualTo("high");
    assertThat(r.get("adverse").asBoolean()).isFalse();
  }

  @Test
  void singleBorrower() {
    JsonNode b011 = ok("analyzeMarketPriceImpact",
        "{\"commodity\":\"wheat\",\"price_change_percent\":\"-20\",\"borrower_id\":\"B011\"}", OFFICER_1);
    assertThat(b011.get("scope").asString()).isEqualTo("borrower");
    assertThat(b011.get("affected_borrowers").asInt()).isEqualTo(1);
    assertNumber(b011.get("exposure"), "60000.00");
    assertNumber(b011.get("estimated_impact"), "3600.00");
    assertThat(b011.get("adverse").asBoolean()).isTrue();
    assertThat(b011.get("impact_level").asString()).isEqualTo("medium");

    JsonNode b002 = ok("analyzeMarketPriceImpact",
        "{\"commodity\":\"wheat\",\"price_change_percent\":\"-10%\",\"borrower_id\":\"B002\"}", OFFICER_1);
    assertThat(b002.get("affected_borrowers").asInt()).isZero(); // Livestock does not depend on wheat
    assertNumber(b002.get("exposure"), "0.00");
    assertNumber(b002.get("estimated_impact"), "0.00");
    assertThat(b002.get("adverse").asBoolean()).isFalse();
    assertThat(b002.get("impact_level").asString()).isEqualTo("minimal");
    assertThat(b002.get("breakdown").size()).isZero();

    JsonNode b012 = ok("analyzeMarketPriceImpact",
        "{\"commodity\":\"corn\",\"price_change_percent\":\"-10%\",\"borrower_id\":\"B012\"}", ANALYST);
    assertThat(b012.get("affected_borrowers").asInt()).isEqualTo(1); // affected, but L012 is Defaulted, not Active
    assertNumber(b012.get("exposure"), "0.00");
  }

  @Test
  void levelBoundaries() {
    assertThat(AnalyzeMarketPriceImpactTool.level(new BigDecimal("5000"))).isEqualTo("medium");
    assertThat(AnalyzeMarketPriceImpactTool.level(new BigDecimal("5000.01"))).isEqualTo("high");
    assertThat(AnalyzeMarketPriceImpactTool.level(new BigDecimal("1000"))).isEqualTo("minimal");
    assertThat(AnalyzeMarketPriceImpactTool.level(new BigDecimal("1000.01"))).isEqualTo("medium");
    assertThat(AnalyzeMarketPriceImpactTool.impact(new BigDecimal("100000"), new BigDecimal("-10")))
        .isEqualByComparingTo("3000");
    assertThat(AnalyzeMarketPriceImpactTool.parsePercent("+15%")).isEqualByComparingTo("15");
    assertThat(AnalyzeMarketPriceImpactTool.parsePercent("-7.5%")).isEqualByComparingTo("-7.5");
    assertThat(AnalyzeMarketPriceImpactTool.affects("livestock", "Dairy")).isFalse();
    assertThat(AnalyzeMarketPriceImpactTool.affects("dairy", "Mixed")).isTrue();
  }
}
