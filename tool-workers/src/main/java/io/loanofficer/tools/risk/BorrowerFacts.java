package io.loanofficer.tools.risk;

import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.Payment;
import io.loanofficer.tools.finance.Money;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * The facts about one borrower that the risk formulas share (unrounded):
 * late ratio = late payments / all payments (0 without payments); outstanding debt = loan amounts of
 * Active, Pending and Defaulted loans; DTI = outstanding debt / income.
 */
public record BorrowerFacts(
    Borrower borrower,
    int paymentCount,
    int latePayments,
    int maxDaysLate,
    BigDecimal lateRatio,
    BigDecimal outstandingDebt,
    BigDecimal debtToIncome) {

  /** DTI used when income is zero or negative but debt is outstanding: above every threshold. */
  public static final BigDecimal DTI_WITHOUT_INCOME = new BigDecimal("99.99");

  public static BorrowerFacts of(Borrower borrower, Collection<Loan> loans, Collection<Payment> payments) {
    int count = payments.size();
    int late = (int) payments.stream().filter(Payment::isLate).count();
    int maxDaysLate = payments.stream().mapToInt(Payment::daysLateOrZero).max().orElse(0);
    BigDecimal debt = loans.stream().filter(Loan::isOutstanding).map(Loan::loanAmount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    return of(borrower, count, late, maxDaysLate, debt);
  }

  /** From totals the database summed ({@link io.loanofficer.tools.access.Portfolio#visibleBorrowerTotals}). */
  public static BorrowerFacts of(Borrower borrower, int count, int late, int maxDaysLate, BigDecimal debt) {
    BigDecimal lateRatio = count == 0 ? BigDecimal.ZERO : Money.divide(Money.of(late), Money.of(count));
    BigDecimal income = borrower.income() == null ? BigDecimal.ZERO : borrower.income();
    BigDecimal dti;
    if (income.signum() > 0) {
      dti = Money.divide(debt, income);
    } else {
      dti = debt.signum() > 0 ? DTI_WITHOUT_INCOME : BigDecimal.ZERO;
    }
    return new BorrowerFacts(borrower, count, late, maxDaysLate, lateRatio, debt, dti);
  }

  public int onTimePayments() {
    return paymentCount - latePayments;
  }
}
