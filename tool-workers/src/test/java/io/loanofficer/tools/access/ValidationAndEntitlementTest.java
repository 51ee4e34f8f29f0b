package io.loanofficer.tools.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ValidationAndEntitlementTest extends ToolTestSupport {

  private static final List<String> NAMES = List.of("John", "Doe", "Diana", "Evans", "Laura", "Miller", "Kevin", "Lopez");

  @Test
  void malformedIdIsInvalidArgument() {
    ToolResult r = failed("getBorrowerDefaultRisk", "{\"borrower_id\":\"X1\"}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
    assertThat(r.errorMessage()).contains("borrower_id").contains("malformed");
    failed("getLoanDetails", "{\"loan_id\":\"B001\"}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
  }

  @Test
  void missingAndUnknownArgumentsAreInvalid() {
    assertThat(failed("getLoanDetails", "{}", ANALYST, ToolOutcome.INVALID_ARGUMENT).errorMessage())
        .contains("missing argument 'loan_id'");
    assertThat(failed("getLoanSummary", "{\"race\":\"x\"}", ANALYST, ToolOutcome.INVALID_ARGUMENT).errorMessage())
        .contains("unknown argument 'race'");
    failed("getLoanDetails", "not json", ANALYST, ToolOutcome.INVALID_ARGUMENT);
    assertThat(failed("assessCropYieldRisk", "{\"borrower_id\":\"B001\",\"crop_type\":\"tulips\",\"season\":\"spring\"}",
        ANALYST, ToolOutcome.INVALID_ARGUMENT).errorMessage()).contains("crop_type");
    assertThat(failed("analyzeMarketPriceImpact", "{\"commodity\":\"corn\",\"price_change_percent\":\"lots\"}",
        ANALYST, ToolOutcome.INVALID_ARGUMENT).errorMessage()).contains("price_change_percent");
    assertThat(failed("assessCropYieldRisk", "{\"borrower_id\":\"B001\",\"crop_type\":\"corn\"}",
        ANALYST, ToolOutcome.INVALID_ARGUMENT).errorMessage()).contains("missing argument 'season'");
    failed("getLoanDetails", "{\"loan_id\":{\"id\":\"L001\"}}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
    failed("noSuchTool", "{}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
  }

  @Test
  void unknownBorrowerIsNotFoundBeforeEntitlement() {
    assertThat(failed("getBorrowerDetails", "{\"borrower_id\":\"B999\"}", OFFICER_1, ToolOutcome.NOT_FOUND).errorMessage())
        .isEqualTo("borrower B999 not found");
    failed("getLoanStatus", "{\"loan_id\":\"L999\"}", OFFICER_1, ToolOutcome.NOT_FOUND);
  }

  @Test
  void officer1CannotSeeOfficer2Borrowers() {
    for (String tool : List.of("getBorrowerDetails", "getBorrowerDefaultRisk", "getBorrowerNonAccrualRisk",
        "getLoansByBorrower", "forecastEquipmentMaintenance", "analyzePaymentPatterns")) {
      ToolResult r = failed(tool, "{\"borrower_id\":\"B006\"}", OFFICER_1, ToolOutcome.FORBIDDEN);
      assertThat(r.errorMessage()).contains("B006");
      NAMES.forEach(n -> assertThat(r.errorMessage()).doesNotContain(n));
    }
    for (String tool : List.of("getLoanDetails", "getLoanStatus", "getLoanPayments", "getLoanCollateral",
        "evaluateCollateralSufficiency", "getRefinancingOptions", "recommendLoanRestructuring")) {
      ToolResult r = failed(tool, "{\"loan_id\":\"L006\"}", OFFICER_1, ToolOutcome.FORBIDDEN);
      assertThat(r.errorMessage()).isEqualTo("loan L006 is not in the caller's portfolio");
    }
    failed("assessCropYieldRisk", "{\"borrower_id\":\"B012\",\"crop_type\":\"corn\",\"season\":\"fall\"}",
        OFFICER_1, ToolOutcome.FORBIDDEN);
    failed("analyzeMarketPriceImpact", "{\"commodity\":\"corn\",\"price_change_percent\":\"-10%\",\"borrower_id\":\"B012\"}",
        OFFICER_1, ToolOutcome.FORBIDDEN);
  }

  @Test
  void officer2SeesB006ToB010AndB012() {
    for (String id : List.of("B006", "B007", "B008", "B009", "B010", "B012")) {
      ok("getBorrowerDetails", "{\"borrower_id\":\"" + id + "\"}", OFFICER_2);
    }
    for (String id : List.of("B001", "B002", "B003", "B004", "B005", "B011")) {
      failed("getBorrowerDetails", "{\"borrower_id\":\"" + id + "\"}", OFFICER_2, ToolOutcome.FORBIDDEN);
    }
    assertThat(texts(ok("getActiveLoans", "{}", OFFICER_2).get("loans"), "loan_id")).containsExactly("L007", "L009");
  }

  @Test
  void officerIdFallsBackToUserId() {
    Caller token = new Caller("officer-2", Set.of("LOAN_OFFICER"), null);
    ok("getBorrowerDetails", "{\"borrower_id\":\"B006\"}", token);
    failed("getBorrowerDetails", "{\"borrower_id\":\"B001\"}", token, ToolOutcome.FORBIDDEN);
  }

  @Test
  void analystAndAdminSeeEveryone() {
    for (Caller caller : List.of(ANALYST, ADMIN)) {
      ok("getBorrowerDetails", "{\"borrower_id\":\"B006\"}", caller);
      ok("getBorrowerDetails", "{\"borrower_id\":\"B001\"}", caller);
      assertThat(ok("getActiveLoans", "{}", caller).get("count").asInt()).isEqualTo(6);
    }
  }

  @Test
  void everyCatalogueToolIsRegistered() {
    for (var spec : io.loanofficer.toolspec.ToolCatalogue.ALL) {
      ToolResult r = call(spec.name(), "{\"no_such_argument\":1}", ANALYST);
      assertThat(r.outcome()).isEqualTo(ToolOutcome.INVALID_ARGUMENT);
      assertThat(r.toolVersion()).as(spec.name()).isEqualTo(spec.version());
    }
  }

  @Test
  void examinerMayNotUseTools() {
    failed("getLoanSummary", "{}", EXAMINER, ToolOutcome.FORBIDDEN);
  }

  @Test
  void borrowerDetailsReturnsTheRecord() {
    JsonNode r = ok("getBorrowerDetails", "{\"borrower_id\":\"b006\"}", OFFICER_2);
    assertThat(r.get("borrower_id").asString()).isEqualTo("B006");
    assertThat(r.get("first_name").asString()).isEqualTo("Diana");
    assertThat(r.get("last_name").asString()).isEqualTo("Evans");
    assertThat(r.get("farm_type").asString()).isEqualTo("Crop");
    assertThat(r.get("credit_score").asInt()).isEqualTo(690);
    assertNumber(r.get("income"), "85000.00");
    assertThat(r.get("farm_size").asInt()).isEqualTo(350);
    assertThat(r.get("officer_id").asString()).isEqualTo("officer-2");
    // contact fields leave the worker as this conversation's tokens (PiiMaskingTest)
    assertThat(r.get("email").asString()).matches("\\[EMAIL_[0-9a-f]{6}\\]");
    assertThat(r.get("phone").asString()).matches("\\[PHONE_[0-9a-f]{6}\\]");
    assertThat(r.get("address").asString()).matches("\\[ADDRESS_[0-9a-f]{6}\\]");
  }
}
