package io.loanofficer.tools.loans;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.testing.ToolTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LoanToolsTest extends ToolTestSupport {

  @Test
  void loanDetailsCarryTheBorrowersName() {
    JsonNode r = ok("getLoanDetails", "{\"loan_id\":\"L002\"}", ANALYST);
    assertThat(r.get("loan_id").asString()).isEqualTo("L002");
    assertThat(r.get("borrower_id").asString()).isEqualTo("B002");
    assertThat(r.get("borrower_name").asString()).isEqualTo("Jane Smith");
    assertNumber(r.get("loan_amount"), "30000.00");
    assertNumber(r.get("interest_rate"), "4.00");
    assertThat(r.get("term_months").asInt()).isEqualTo(36);
    assertThat(r.get("start_date").asString()).isEqualTo("2024-06-15");
    assertThat(r.get("status").asString()).isEqualTo("Active");
    assertThat(r.get("loan_type").asString()).isEqualTo("Equipment");
  }

  @Test
  void loanIdsAreNormalised() {
    JsonNode r = ok("getLoanDetails", "{\"loan_id\":\" l012 \"}", ANALYST);
    assertThat(r.get("loan_id").asString()).isEqualTo("L012");
    assertThat(r.get("status").asString()).isEqualTo("Defaulted");
  }

  @Test
  void unknownLoanIsNotFound() {
    assertThat(failed("getLoanDetails", "{\"loan_id\":\"L999\"}", ANALYST, ToolOutcome.NOT_FOUND).errorMessage())
        .isEqualTo("loan L999 not found");
  }

  @Test
  void loanSummaryForAnalystCoversAllTwelveLoans() {
    JsonNode r = ok("getLoanSummary", "{}", ANALYST);
    assertThat(r.get("total_loans").asInt()).isEqualTo(12);
    JsonNode counts = r.get("counts_by_status");
    assertThat(counts.get("Active").asInt()).isEqualTo(6);
    assertThat(counts.get("Pending").asInt()).isEqualTo(3);
    assertThat(counts.get("Closed").asInt()).isEqualTo(2);
    assertThat(counts.get("Defaulted").asInt()).isEqualTo(1);
    assertNumber(r.get("total_amount"), "428000.00");
    assertNumber(r.get("active_amount"), "208000.00");
    assertNumber(r.get("average_amount"), "35666.67");   // 428000 / 12
    assertNumber(r.get("average_rate"), "3.86");         // 46.3 / 12 = 3.858
    assertNumber(r.get("default_rate_percent"), "8.33"); // 1 / 12
  }

  @Test
  void loanSummaryForOfficerCoversOnlyTheirPortfolio() {
    // officer-1: B001-B005 and B011 -> L001, L002, L003, L004, L005, L011
    JsonNode r = ok("getLoanSummary", "", OFFICER_1);
    assertThat(r.get("total_loans").asInt()).isEqualTo(6);
    JsonNode counts = r.get("counts_by_status");
    assertThat(counts.get("Active").asInt()).isEqualTo(4);
    assertThat(counts.get("Pending").asInt()).isEqualTo(1);
    assertThat(counts.get("Closed").asInt()).isEqualTo(1);
    assertThat(counts.get("Defaulted").asInt()).isEqualTo(0);
    assertNumber(r.get("total_amount"), "225000.00");
    assertNumber(r.get("active_amount"), "165000.00");
    assertNumber(r.get("average_amount"), "37500.00");
    assertNumber(r.get("average_rate"), "3.83");         // 23.0 / 6 = 3.8333
    assertNumber(r.get("default_rate_percent"), "0.00");
  }

  @Test
  void loanSummaryForOfficer2() {
    // officer-2: L006, L007, L008, L009, L010, L012
    JsonNode r = ok("getLoanSummary", null, OFFICER_2);
    assertThat(r.get("total_loans").asInt()).isEqualTo(6);
    assertThat(r.get("counts_by_status").get("Active").asInt()).isEqualTo(2);
    assertThat(r.get("counts_by_status").get("Pending").asInt()).isEqualTo(2);
    assertThat(r.get("counts_by_status").get("Closed").asInt()).isEqualTo(1);
    assertThat(r.get("counts_by_status").get("Defaulted").asInt()).isEqualTo(1);
    assertNumber(r.get("total_amount"), "203000.00");   // 35+15+45+28+32+48 thousand
    assertNumber(r.get("active_amount"), "43000.00");   // L007 + L009
    assertNumber(r.get("average_amount"), "33833.33");  // 203000 / 6
    assertNumber(r.get("average_rate"), "3.88");        // 23.3 / 6 = 3.8833
    assertNumber(r.get("default_rate_percent"), "16.67");
  }

  @Test
  void loanSummaryOfAnOfficerWithoutBorrowersIsEmpty() {
    JsonNode r = ok("getLoanSummary", "{}", new io.loanofficer.tools.Caller("officer-9", java.util.Set.of("LOAN_OFFICER"), null));
    assertThat(r.get("total_loans").asInt()).isZero();
    assertNumber(r.get("total_amount"), "0.00");
    assertThat(r.get("average_amount").isNull()).isTrue();
    assertThat(r.get("average_rate").isNull()).isTrue();
    assertNumber(r.get("default_rate_percent"), "0.00");
  }
}
