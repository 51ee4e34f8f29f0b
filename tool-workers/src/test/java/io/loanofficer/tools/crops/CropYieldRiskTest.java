package io.loanofficer.tools.crops;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.testing.ToolTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CropYieldRiskTest extends ToolTestSupport {

  private JsonNode assess(String borrower, String crop, String season) {
    return ok("assessCropYieldRisk", "{\"borrower_id\":\"" + borrower + "\",\"crop_type\":\"" + crop
        + "\",\"season\":\"" + season + "\"}", ANALYST);
  }

  @Test
  void b001CornSpringIsMedium() {
    JsonNode r = assess("B001", "corn", "spring"); // 50 + 10 + 5
    assertThat(r.get("crop_type").asString()).isEqualTo("corn");
    assertThat(r.get("season").asString()).isEqualTo("spring");
    assertThat(r.get("risk_score").asInt()).isEqualTo(65);
    assertThat(r.get("risk_level").asString()).isEqualTo("medium");
    assertThat(texts(r.get("risk_factors"), null)).containsExactly("Crop corn (+10)", "Season spring (+5)");
    assertThat(texts(r.get("recommendations"), null)).containsExactly(
        "Verify crop insurance covers corn yield losses", "Monitor planting conditions and soil moisture");
  }

  @Test
  void seventyFiveIsStillMedium() {
    JsonNode r = assess("B001", "Wheat", "FALL"); // 50 + 15 + 10
    assertThat(r.get("risk_score").asInt()).isEqualTo(75);
    assertThat(r.get("risk_level").asString()).isEqualTo("medium");
  }

  @Test
  void currentSeasonIsFallOnTheAnalysisDate() {
    JsonNode r = assess("B011", "corn", "current"); // 50 + 10 + fall 10 + 80 acres 15 + credit 610 5
    assertThat(r.get("season").asString()).isEqualTo("fall");
    assertThat(r.get("risk_score").asInt()).isEqualTo(90);
    assertThat(r.get("risk_level").asString()).isEqualTo("high");
    assertThat(texts(r.get("risk_factors"), null)).containsExactly("Crop corn (+10)", "Season fall (+10)",
        "Small farm of 80 acres (+15)", "Credit score below 650 (+5)");
    assertThat(texts(r.get("recommendations"), null)).contains(
        "Require multi-peril crop insurance before extending further credit");
  }

  @Test
  void winterAddsNothing() {
    JsonNode r = assess("B003", "soybeans", "winter"); // 50 + 5 + 0
    assertThat(r.get("risk_score").asInt()).isEqualTo(55);
    assertThat(texts(r.get("risk_factors"), null)).containsExactly("Crop soybeans (+5)");
    JsonNode b011 = assess("B011", "wheat", "winter"); // 50 + 15 + 0 + 15 + 5
    assertThat(b011.get("risk_score").asInt()).isEqualTo(85);
  }

  @Test
  void otherCropsScoreAsOther() {
    JsonNode r = assess("B012", "cotton", "summer"); // 50 + 8 + 5 + (120 acres) 0 + credit 640 5
    assertThat(r.get("risk_score").asInt()).isEqualTo(68);
    assertThat(texts(r.get("risk_factors"), null)).contains("Crop cotton (+8)", "Credit score below 650 (+5)");
  }

  @Test
  void formulaBranches() {
    assertThat(AssessCropYieldRiskTool.assess("corn", "summer", 1200, 700).score()).isEqualTo(70);
    assertThat(AssessCropYieldRiskTool.assess("corn", "summer", 1200, 700).riskFactors())
        .contains("Large farm of 1200 acres (+5)");
    assertThat(AssessCropYieldRiskTool.assess("other", "winter", 1000, 650).score()).isEqualTo(58);
    assertThat(AssessCropYieldRiskTool.assess("rice", "spring", 100, 800).score()).isEqualTo(63);
    assertThat(AssessCropYieldRiskTool.level(50)).isEqualTo("low");
    assertThat(AssessCropYieldRiskTool.level(51)).isEqualTo("medium");
    assertThat(AssessCropYieldRiskTool.level(75)).isEqualTo("medium");
    assertThat(AssessCropYieldRiskTool.level(76)).isEqualTo("high");
    assertThat(AssessCropYieldRiskTool.level(100)).isEqualTo("high");
    assertThat(AssessCropYieldRiskTool.resolveSeason("current", java.time.LocalDate.of(2026, 2, 28))).isEqualTo("winter");
    assertThat(AssessCropYieldRiskTool.resolveSeason("current", java.time.LocalDate.of(2026, 3, 1))).isEqualTo("spring");
    assertThat(AssessCropYieldRiskTool.resolveSeason("current", java.time.LocalDate.of(2026, 8, 31))).isEqualTo("summer");
    assertThat(AssessCropYieldRiskTool.resolveSeason("current", java.time.LocalDate.of(2026, 12, 1))).isEqualTo("winter");
  }
}
