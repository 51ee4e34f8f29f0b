package io.loanofficer.tools.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CollateralToolsTest extends ToolTestSupport {

  @Test
  void l002IsNotSufficientAtLtv086() {
    JsonNode r = ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}", ANALYST);
    assertNumber(r.get("loan_amount"), "30000.00");
    assertNumber(r.get("total_collateral_value"), "35000.00");
    assertNumber(r.get("ltv"), "0.86"); // 30000 / 35000 = 0.857
    assertThat(r.get("sufficient").asBoolean()).isFalse();
    assertThat(r.get("reason").asString()).isEqualTo("LTV_AT_OR_ABOVE_0.80");
  }

  @Test
  void l001IsSufficientAtLtv067() {
    JsonNode r = ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L001\"}", OFFICER_1);
    assertNumber(r.get("ltv"), "0.67"); // 50000 / 75000
    assertThat(r.get("sufficient").asBoolean()).isTrue();
    assertThat(r.get("reason").asString()).isEqualTo("LTV_BELOW_0.80");
  }

  @Test
  void l011IsUnderCollateralised() {
    JsonNode r = ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L011\"}", ANALYST);
    assertNumber(r.get("ltv"), "1.50"); // 60000 / 40000
    assertThat(r.get("sufficient").asBoolean()).isFalse();
  }

  @Test
  void l007HasNoCollateral() {
    JsonNode r = ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L007\"}", ANALYST);
    assertThat(r.has("ltv")).isTrue();
    assertThat(r.get("ltv").isNull()).isTrue();
    assertNumber(r.get("total_collateral_value"), "0.00");
    assertThat(r.get("sufficient").asBoolean()).isFalse();
    assertThat(r.get("reason").asString()).isEqualTo("NO_COLLATERAL");
  }

  @Test
  void ltvBoundaryIsExclusive() {
    var at = EvaluateCollateralSufficiencyTool.judge(new BigDecimal("80000"), new BigDecimal("100000"));
    assertThat(at.sufficient()).isFalse();
    assertThat(at.reason()).isEqualTo("LTV_AT_OR_ABOVE_0.80");
    assertThat(at.ltv()).isEqualByComparingTo("0.80");
    var below = EvaluateCollateralSufficiencyTool.judge(new BigDecimal("79999"), new BigDecimal("100000"));
    assertThat(below.sufficient()).isTrue();
    assertThat(below.ltv()).isEqualByComparingTo("0.80"); // 0.79999 rounds to 0.80 on output, but is below the limit
    assertThat(EvaluateCollateralSufficiencyTool.judge(BigDecimal.TEN, BigDecimal.ZERO).reason()).isEqualTo("NO_COLLATERAL");
  }

  @Test
  void unknownLoanGetsNoInventedCollateral() {
    failed("evaluateCollateralSufficiency", "{\"loan_id\":\"L999\"}", ANALYST, ToolOutcome.NOT_FOUND);
    failed("getLoanCollateral", "{\"loan_id\":\"L999\"}", ANALYST, ToolOutcome.NOT_FOUND);
  }
}
