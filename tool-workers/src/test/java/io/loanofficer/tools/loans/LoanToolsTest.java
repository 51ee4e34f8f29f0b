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

  @Test
  void loanStatusLastUpdated() {
    JsonNode l001 = ok("getLoanStatus", "{\"loan_id\":\"L001\"}", OFFICER_1);
    assertThat(l001.get("status").asString()).isEqualTo("Active");
    assertThat(l001.get("last_updated").asString()).isEqualTo("2024-04-13"); // P003, 12 days late
    JsonNode l003 = ok("getLoanStatus", "{\"loan_id\":\"L003\"}", OFFICER_1);
    assertThat(l003.get("status").asString()).isEqualTo("Pending");
    assertThat(l003.get("last_updated").asString()).isEqualTo("2025-03-10"); // no payments: start_date
    assertThat(ok("getLoanStatus", "{\"loan_id\":\"L012\"}", ANALYST).get("last_updated").asString()).isEqualTo("2024-03-31");
  }

  @Test
  void activeLoansWithBorrowerNames() {
    JsonNode r = ok("getActiveLoans", "{}", ANALYST);
    assertThat(texts(r.get("loans"), "loan_id")).containsExactly("L001", "L002", "L005", "L007", "L009", "L011");
    assertThat(r.get("count").asInt()).isEqualTo(6);
    assertNumber(r.get("total_amount"), "208000.00");
    JsonNode first = r.get("loans").get(0);
    assertThat(first.get("borrower_id").asString()).isEqualTo("B001");
    assertThat(first.get("borrower_name").asString()).isEqualTo("John Doe");
    assertNumber(first.get("loan_amount"), "50000.00");
    assertNumber(first.get("interest_rate"), "3.50");
    assertThat(first.get("term_months").asInt()).isEqualTo(60);
    assertThat(first.get("start_date").asString()).isEqualTo("2024-01-01");
    assertThat(first.get("loan_type").asString()).isEqualTo("Land");
    JsonNode mine = ok("getActiveLoans", "{}", OFFICER_1);
    assertThat(texts(mine.get("loans"), "loan_id")).containsExactly("L001", "L002", "L005", "L011");
    assertNumber(mine.get("total_amount"), "165000.00");
  }

  @Test
  void loansByBorrower() {
    JsonNode r = ok("getLoansByBorrower", "{\"borrower_id\":\"B006\"}", OFFICER_2);
    assertThat(r.get("borrower_name").asString()).isEqualTo("Diana Evans");
    assertThat(r.get("count").asInt()).isEqualTo(1);
    JsonNode loan = r.get("loans").get(0);
    assertThat(loan.get("loan_id").asString()).isEqualTo("L006");
    assertNumber(loan.get("loan_amount"), "35000.00");
    assertNumber(loan.get("interest_rate"), "4.20");
    assertThat(loan.get("status").asString()).isEqualTo("Pending");
    assertThat(loan.get("start_date").asString()).isEqualTo("2025-04-20");
    failed("getLoansByBorrower", "{\"borrower_id\":\"B999\"}", OFFICER_2, ToolOutcome.NOT_FOUND);
  }

  @Test
  void paymentsNewestFirst() {
    JsonNode r = ok("getLoanPayments", "{\"loan_id\":\"L011\"}", OFFICER_1);
    assertThat(texts(r.get("payments"), "payment_id")).containsExactly("P025", "P024", "P023", "P022");
    assertThat(r.get("count").asInt()).isEqualTo(4);
    assertThat(r.get("late_count").asInt()).isEqualTo(2);
    JsonNode newest = r.get("payments").get(0);
    assertThat(newest.get("payment_date").asString()).isEqualTo("2024-08-15");
    assertNumber(newest.get("amount"), "1146.07");
    assertThat(newest.get("status").asString()).isEqualTo("Late");
    assertThat(newest.get("days_late").asInt()).isEqualTo(45);
    JsonNode none = ok("getLoanPayments", "{\"loan_id\":\"L003\"}", OFFICER_1);
    assertThat(none.get("count").asInt()).isZero();
    assertThat(none.get("late_count").asInt()).isZero();
  }

  @Test
  void collateralOfALoan() {
    JsonNode r = ok("getLoanCollateral", "{\"loan_id\":\"L001\"}", OFFICER_1);
    assertThat(r.get("count").asInt()).isEqualTo(1);
    JsonNode c = r.get("collateral").get(0);
    assertThat(c.get("collateral_id").asString()).isEqualTo("C001");
    assertThat(c.get("type").asString()).isEqualTo("Land");
    assertThat(c.get("description").asString()).isEqualTo("100 acres of farmland");
    assertNumber(c.get("value"), "75000.00");
    assertNumber(r.get("total_value"), "75000.00");
    JsonNode none = ok("getLoanCollateral", "{\"loan_id\":\"L007\"}", ANALYST);
    assertThat(none.get("count").asInt()).isZero();
    assertThat(none.get("collateral").size()).isZero();
    assertNumber(none.get("total_value"), "0.00");
  }
}
