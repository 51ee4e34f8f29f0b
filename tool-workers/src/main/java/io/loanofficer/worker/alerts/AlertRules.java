package io.loanofficer.worker.alerts;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AlertRule;
import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.tools.collateral.EvaluateCollateralSufficiencyTool;
import io.loanofficer.tools.collateral.EvaluateCollateralSufficiencyTool.Verdict;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.BorrowerRepository;
import io.loanofficer.tools.data.Collateral;
import io.loanofficer.tools.data.CollateralRepository;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.data.Payment;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.tools.pii.ResultMasker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proactive alert rules (ADR 0016), on one row change of lending.changes, with the tools' own
 * definitions: a payment 30 or more days late ({@link Payment#daysLateOrZero}); a loan's status turning
 * Defaulted; a revaluation that takes the loan's LTV from sufficient to at or above 0.80
 * ({@link EvaluateCollateralSufficiencyTool#judge}, the unrounded LTV against 0.80); a credit score
 * falling by 50 points or more. Each rule fires on the crossing only (before: not met, after: met), so
 * an unrelated column of the same row raises nothing. What the change does not carry (a payment's
 * borrower, the loan amount and the other collateral of a revalued item, the officer) is read from
 * the database.
 */
public class AlertRules {

  static final int LATE_DAYS = 30;
  static final int CREDIT_DROP_POINTS = 50;

  private static final Logger log = LoggerFactory.getLogger(AlertRules.class);

  private final LoanRepository loans;
  private final BorrowerRepository borrowers;
  private final CollateralRepository collateral;
  private final ResultMasker masker;
  private final Clock clock;
  private final String workerId;

  public AlertRules(LoanRepository loans, BorrowerRepository borrowers, CollateralRepository collateral,
      ResultMasker masker, Clock clock, String workerId) {
    this.loans = loans;
    this.borrowers = borrowers;
    this.collateral = collateral;
    this.masker = masker;
    this.clock = clock;
    this.workerId = workerId;
  }

  /** The alert this change raises, if any (one rule per table, so at most one). */
  public Optional<AlertRaised> evaluate(LendingChangeCaptured change) {
    if (change.getAfter() == null || change.getOperation() == ChangeOperation.DELETE) {
      return Optional.empty();
    }
    return switch (change.getTable()) {
      case "payment" -> paymentLate(change);
      case "loan" -> loanDefaulted(change);
      case "collateral" -> ltvBreach(change);
      case "borrower" -> creditDrop(change);
      default -> Optional.empty();
    };
  }

  private Optional<AlertRaised> paymentLate(LendingChangeCaptured change) {
    int after = daysLate(change.getAfter());
    int before = change.getBefore() == null ? 0 : daysLate(change.getBefore());
    if (after < LATE_DAYS || before >= LATE_DAYS) {
      return Optional.empty();
    }
    String paymentId = change.getPrimaryKey();
    String loanId = change.getAfter().get("loan_id");
    Optional<Loan> loan = loanId == null ? Optional.empty() : loans.findById(loanId);
    if (loan.isEmpty()) {
      log.warn("Payment {} names loan {}, which is not in the database: no alert", paymentId, loanId);
      return Optional.empty();
    }
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("days_late", Integer.toString(after));
    figures.put("threshold_days", Integer.toString(LATE_DAYS));
    put(figures, "amount", change.getAfter().get("amount"));
    put(figures, "payment_date", change.getAfter().get("payment_date"));
    String text = "Payment " + paymentId + " of loan " + loanId + " (borrower " + loan.get().borrowerId() + ") is "
        + after + " days late" + (figures.containsKey("amount") ? " (amount " + figures.get("amount") + ")" : "")
        + ": " + LATE_DAYS + " or more days late.";
    return raise(AlertRule.PAYMENT_LATE, change, loan.get().borrowerId(), loanId, text, figures);
  }

  private Optional<AlertRaised> loanDefaulted(LendingChangeCaptured change) {
    String after = change.getAfter().get("status");
    String before = change.getBefore() == null ? null : change.getBefore().get("status");
    if (!Loan.DEFAULTED.equals(after) || Loan.DEFAULTED.equals(before)) {
      return Optional.empty();
    }
    String loanId = change.getPrimaryKey();
    String borrowerId = change.getAfter().get("borrower_id");
    Map<String, String> figures = new LinkedHashMap<>();
    put(figures, "previous_status", before);
    figures.put("status", after);
    put(figures, "loan_amount", plain(change.getAfter().get("loan_amount")));
    String text = "Loan " + loanId + " of borrower " + borrowerId + " turned Defaulted"
        + (before == null ? "" : " (was " + before + ")")
        + (figures.containsKey("loan_amount") ? "; loan amount " + figures.get("loan_amount") : "") + ".";
    return raise(AlertRule.LOAN_DEFAULTED, change, borrowerId, loanId, text, figures);
  }

  private Optional<AlertRaised> ltvBreach(LendingChangeCaptured change) {
    if (change.getBefore() == null) {
      return Optional.empty(); // new collateral lowers the LTV; only a revaluation can breach it
    }
    BigDecimal valueBefore = decimal(change.getBefore().get("value"));
    BigDecimal valueAfter = decimal(change.getAfter().get("value"));
    String loanId = change.getAfter().get("loan_id");
    if (valueBefore == null || valueAfter == null || loanId == null || valueBefore.compareTo(valueAfter) == 0) {
      return Optional.empty();
    }
    Optional<Loan> loan = loans.findById(loanId);
    if (loan.isEmpty()) {
      log.warn("Collateral {} names loan {}, which is not in the database: no alert", change.getPrimaryKey(), loanId);
      return Optional.empty();
    }
    // the loan's other collateral as the database holds it now, plus this item before and after
    BigDecimal others = collateral.findByLoanId(loanId).stream()
        .filter(c -> !c.collateralId().equals(change.getPrimaryKey()))
        .map(Collateral::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal amount = loan.get().loanAmount();
    Verdict before = EvaluateCollateralSufficiencyTool.judge(amount, others.add(valueBefore));
    Verdict after = EvaluateCollateralSufficiencyTool.judge(amount, others.add(valueAfter));
    if (!before.sufficient() || after.sufficient() || after.ltv() == null) {
      return Optional.empty();
    }
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("loan_amount", Money.cents(amount).toPlainString());
    figures.put("collateral_value_before", Money.cents(valueBefore).toPlainString());
    figures.put("collateral_value_after", Money.cents(valueAfter).toPlainString());
    figures.put("total_collateral_before", Money.cents(others.add(valueBefore)).toPlainString());
    figures.put("total_collateral_after", Money.cents(others.add(valueAfter)).toPlainString());
    figures.put("ltv_before", before.ltv().toPlainString());
    figures.put("ltv_after", after.ltv().toPlainString());
    figures.put("ltv_limit", "0.80");
    String text = "Collateral " + change.getPrimaryKey() + " of loan " + loanId + " (borrower " + loan.get().borrowerId()
        + ") was revalued from " + figures.get("collateral_value_before") + " to " + figures.get("collateral_value_after")
        + ": LTV " + figures.get("ltv_before") + " -> " + figures.get("ltv_after") + " (loan " + figures.get("loan_amount")
        + " / collateral " + figures.get("total_collateral_after") + "), at or above 0.80.";
    return raise(AlertRule.LTV_BREACH, change, loan.get().borrowerId(), loanId, text, figures);
  }

  private Optional<AlertRaised> creditDrop(LendingChangeCaptured change) {
    if (change.getBefore() == null) {
      return Optional.empty();
    }
    Integer before = integer(change.getBefore().get("credit_score"));
    Integer after = integer(change.getAfter().get("credit_score"));
    if (before == null || after == null || before - after < CREDIT_DROP_POINTS) {
      return Optional.empty();
    }
    String borrowerId = change.getPrimaryKey();
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("credit_score_before", before.toString());
    figures.put("credit_score_after", after.toString());
    figures.put("drop_points", Integer.toString(before - after));
    figures.put("threshold_points", Integer.toString(CREDIT_DROP_POINTS));
    String text = "Credit score of borrower " + borrowerId + " fell by " + (before - after) + " points, from " + before
        + " to " + after + ": a fall of " + CREDIT_DROP_POINTS + " or more.";
    return raise(AlertRule.CREDIT_DROP, change, borrowerId, null, text, figures);
  }

  private Optional<AlertRaised> raise(AlertRule rule, LendingChangeCaptured change, String borrowerId, String loanId,
      String text, Map<String, String> figures) {
    // the borrower row of a credit change carries its officer; the others name the borrower
    String officerId = change.getTable().equals("borrower") ? change.getAfter().get("officer_id")
        : borrowerId == null ? null : borrowers.findById(borrowerId).map(Borrower::officerId).orElse(null);
    if (officerId == null || officerId.isBlank()) {
      log.warn("{} on {}: borrower {} has no officer, no alert", rule, change.getTable() + "/" + change.getPrimaryKey(),
          borrowerId);
      return Optional.empty();
    }
    String changeKey = change.getTable() + "/" + change.getPrimaryKey();
    UUID id = UUID.nameUUIDFromBytes((rule.name() + "|" + changeKey + "|" + change.getSourcePosition())
        .getBytes(StandardCharsets.UTF_8));
    String chain = AuditKeys.alertChain(officerId);
    return Optional.of(AlertRaised.newBuilder()
        .setAlertId(id.toString())
        .setRule(rule)
        .setOfficerId(officerId)
        .setBorrowerId(borrowerId)
        .setLoanId(loanId)
        // tokenised per alert chain, as a tool result is per conversation
        .setText(masker.maskText(text, chain))
        .setFigures(figures)
        .setChangeKey(changeKey)
        .setSourcePosition(change.getSourcePosition())
        .setCommittedAt(change.getCommittedAt())
        .setRaisedAt(clock.instant())
        .setWorkerId(workerId)
        // a W3C trace id derived from the alert id: a repeat of the change carries the same one
        .setTraceId(id.toString().replace("-", ""))
        .build());
  }

  private static int daysLate(Map<String, String> row) {
    Integer days = integer(row.get("days_late"));
    return new Payment(null, null, null, null, row.get("status"), days).daysLateOrZero();
  }

  private static Integer integer(String value) {
    return value == null ? null : Integer.valueOf(value);
  }

  private static BigDecimal decimal(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static String plain(String decimal) {
    return decimal == null ? null : Money.cents(new BigDecimal(decimal)).toPlainString();
  }

  private static void put(Map<String, String> figures, String name, String value) {
    if (value != null) {
      figures.put(name, value);
    }
  }
}
