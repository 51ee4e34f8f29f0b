package io.loanofficer.worker.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AlertRule;
import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.data.BorrowerRepository;
import io.loanofficer.tools.data.CollateralRepository;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.pii.PiiTokenizer;
import io.loanofficer.tools.pii.ResultMasker;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The four rules on hand-made changes against the seeded sample data (H2): each fires on its crossing
 * only, with its figures, for the borrower's officer; the AlertsEndToEndTest runs them on real changes.
 */
class AlertRulesTest extends ToolTestSupport {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00.250Z");
  private static final String POSITION = "0000000001A2B000/0000000001A2B3C8";

  @Autowired
  private LoanRepository loans;
  @Autowired
  private BorrowerRepository borrowers;
  @Autowired
  private CollateralRepository collateral;
  @Autowired
  private PiiTokenizer tokenizer;
  private AlertRules rules;

  @BeforeEach
  void rules() {
    rules = new AlertRules(loans, borrowers, collateral, new ResultMasker(ToolRunner.RESULT_JSON, tokenizer),
        Clock.fixed(NOW, ZoneOffset.UTC), "worker-test");
  }

  @Test
  void aNewPayment45DaysLateFiresForTheBorrowersOfficerWithItsFigures() {
    AlertRaised alert = rules.evaluate(change("payment", "P029", ChangeOperation.CREATE, null,
        payment("P029", "L005", "Late", "45"))).orElseThrow();

    assertThat(alert.getRule()).isEqualTo(AlertRule.PAYMENT_LATE);
    assertThat(alert.getOfficerId()).isEqualTo("officer-1");
    assertThat(alert.getBorrowerId()).isEqualTo("B005");
    assertThat(alert.getLoanId()).isEqualTo("L005");
    assertThat(alert.getText())
        .isEqualTo("Payment P029 of loan L005 (borrower B005) is 45 days late (amount 729.24): 30 or more days late.");
    assertThat(alert.getFigures()).containsExactlyInAnyOrderEntriesOf(Map.of("days_late", "45", "threshold_days", "30",
        "amount", "729.24", "payment_date", "2026-12-01"));
    assertThat(alert.getChangeKey()).isEqualTo("payment/P029");
    assertThat(alert.getSourcePosition()).isEqualTo(POSITION);
    assertThat(alert.getRaisedAt()).isEqualTo(NOW);
    assertThat(alert.getAlertId()).isEqualTo(UUID.nameUUIDFromBytes(
        ("PAYMENT_LATE|payment/P029|" + POSITION).getBytes(StandardCharsets.UTF_8)).toString());
    assertThat(alert.getTraceId()).isEqualTo(alert.getAlertId().replace("-", ""));
    // the same change gives the same alert
    assertThat(rules.evaluate(change("payment", "P029", ChangeOperation.CREATE, null,
        payment("P029", "L005", "Late", "45"))).orElseThrow().getAlertId()).isEqualTo(alert.getAlertId());
  }

  @Test
  void aPaymentFiresOnlyWhenItCrosses30Days() {
    assertThat(rules.evaluate(change("payment", "P029", ChangeOperation.CREATE, null, payment("P029", "L005", "Late", "29"))))
        .isEmpty();
    assertThat(rules.evaluate(change("payment", "P012", ChangeOperation.UPDATE, payment("P012", "L005", "Late", "35"),
        payment("P012", "L005", "Late", "40")))).isEmpty();
    assertThat(rules.evaluate(change("payment", "P003", ChangeOperation.UPDATE, payment("P003", "L001", "Late", "12"),
        payment("P003", "L001", "Late", "30")))).map(AlertRaised::getOfficerId).contains("officer-1");
    assertThat(rules.evaluate(change("payment", "P003", ChangeOperation.DELETE, payment("P003", "L001", "Late", "45"), null)))
        .isEmpty();
    assertThat(rules.evaluate(change("payment", "P099", ChangeOperation.CREATE, null, payment("P099", "L999", "Late", "45"))))
        .as("unknown loan").isEmpty();
  }

  @Test
  void aLoanTurningDefaultedFiresForItsBorrowersOfficerAndStayingDefaultedDoesNot() {
    AlertRaised alert = rules.evaluate(change("loan", "L006", ChangeOperation.UPDATE, loan("L006", "B006", "Pending"),
        loan("L006", "B006", "Defaulted"))).orElseThrow();
    assertThat(alert.getOfficerId()).isEqualTo("officer-2");
    assertThat(alert.getText()).isEqualTo("Loan L006 of borrower B006 turned Defaulted (was Pending); loan amount 35000.00.");
    assertThat(alert.getFigures()).containsExactlyInAnyOrderEntriesOf(Map.of("previous_status", "Pending",
        "status", "Defaulted", "loan_amount", "35000.00"));
    assertThat(rules.evaluate(change("loan", "L012", ChangeOperation.UPDATE, loan("L012", "B012", "Defaulted"),
        loan("L012", "B012", "Defaulted")))).isEmpty();
    assertThat(rules.evaluate(change("loan", "L006", ChangeOperation.UPDATE, loan("L006", "B006", "Pending"),
        loan("L006", "B006", "Active")))).isEmpty();
  }

  @Test
  void aRevaluationFiresWhenTheLtvReaches080FromBelow() {
    // L001: 50,000 against C001 alone (75,000, LTV 0.67). 62,500 gives exactly 0.80 (not sufficient);
    // 62,501 gives 0.79998..., still sufficient although it shows as 0.80.
    AlertRaised alert = rules.evaluate(collateralChange("C001", "L001", "75000.00", "62500.00")).orElseThrow();
    assertThat(alert.getRule()).isEqualTo(AlertRule.LTV_BREACH);
    assertThat(alert.getOfficerId()).isEqualTo("officer-1");
    assertThat(alert.getText()).isEqualTo("Collateral C001 of loan L001 (borrower B001) was revalued from 75000.00 to"
        + " 62500.00: LTV 0.67 -> 0.80 (loan 50000.00 / collateral 62500.00), at or above 0.80.");
    assertThat(alert.getFigures()).containsEntry("ltv_before", "0.67").containsEntry("ltv_after", "0.80")
        .containsEntry("total_collateral_after", "62500.00");
    assertThat(rules.evaluate(collateralChange("C001", "L001", "75000.00", "62501.00"))).isEmpty();
    // L002 is above 0.80 already (30,000 / 35,000 = 0.86): a lower value breaches nothing new
    assertThat(rules.evaluate(collateralChange("C002", "L002", "35000.00", "30000.00"))).isEmpty();
    // a rise brings the LTV down
    assertThat(rules.evaluate(collateralChange("C001", "L001", "62500.00", "90000.00"))).isEmpty();
  }

  @Test
  void aCreditScoreFallOf50OrMoreFiresAndOtherColumnsDoNot() {
    AlertRaised alert = rules.evaluate(change("borrower", "B011", ChangeOperation.UPDATE, borrower("B011", "610", "80"),
        borrower("B011", "560", "80"))).orElseThrow();
    assertThat(alert.getRule()).isEqualTo(AlertRule.CREDIT_DROP);
    assertThat(alert.getOfficerId()).isEqualTo("officer-1");
    assertThat(alert.getLoanId()).isNull();
    assertThat(alert.getText()).isEqualTo("Credit score of borrower B011 fell by 50 points, from 610 to 560: a fall of 50 or more.");
    assertThat(rules.evaluate(change("borrower", "B011", ChangeOperation.UPDATE, borrower("B011", "610", "80"),
        borrower("B011", "561", "80")))).isEmpty();
    assertThat(rules.evaluate(change("borrower", "B011", ChangeOperation.UPDATE, borrower("B011", "610", "80"),
        borrower("B011", "610", "95")))).isEmpty();
    Map<String, String> noOfficer = borrower("B011", "560", "80");
    noOfficer.put("officer_id", null);
    assertThat(rules.evaluate(change("borrower", "B011", ChangeOperation.UPDATE, borrower("B011", "610", "80"), noOfficer)))
        .isEmpty();
  }

  private static LendingChangeCaptured change(String table, String key, ChangeOperation operation,
      Map<String, String> before, Map<String, String> after) {
    return LendingChangeCaptured.newBuilder().setTable(table).setPrimaryKey(key).setOperation(operation)
        .setBefore(before).setAfter(after).setLsn("0/1A2B3C8").setSourcePosition(POSITION).setTransactionId(771L)
        .setCommittedAt(NOW.minusMillis(200)).setCapturedAt(NOW.minusMillis(100)).build();
  }

  private static LendingChangeCaptured collateralChange(String id, String loanId, String before, String after) {
    return change("collateral", id, ChangeOperation.UPDATE, collateral(id, loanId, before), collateral(id, loanId, after));
  }

  private static Map<String, String> payment(String id, String loanId, String status, String daysLate) {
    return row("payment_id", id, "loan_id", loanId, "payment_date", "2026-12-01", "amount", "729.24", "status", status,
        "days_late", daysLate);
  }

  private static Map<String, String> loan(String id, String borrowerId, String status) {
    return row("loan_id", id, "borrower_id", borrowerId, "loan_amount", "35000.00", "interest_rate", "4.20",
        "term_months", "60", "start_date", "2025-04-20", "status", status, "loan_type", "Land");
  }

  private static Map<String, String> collateral(String id, String loanId, String value) {
    return row("collateral_id", id, "loan_id", loanId, "type", "Land", "description", "farmland", "value", value);
  }

  private static Map<String, String> borrower(String id, String creditScore, String farmSize) {
    return row("borrower_id", id, "first_name", "Kevin", "last_name", "Lopez", "farm_type", "Crop",
        "credit_score", creditScore, "income", "52000.00", "farm_size", farmSize, "officer_id", "officer-1");
  }

  private static Map<String, String> row(String... pairs) {
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put(pairs[i], pairs[i + 1]);
    }
    return row;
  }
}
