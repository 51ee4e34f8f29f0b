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
    BigDecimal outstandingDebt) {

  /** DTI used when income is zero or negative but debt is outstanding: above every threshold. */
  public static final BigDecimal DTI_WITHOUT_INCOME = new BigDecimal("99.99");

  public static BorrowerFacts of(Borrower borrower, Collection<Loan> loans, Collection<Payment> payments) {
    int count = payments.size();
    int late = (int) payments.stream().filter(Payment::isLate).count();
    int maxDaysLate = payments.stream().mapToInt(Payment::daysLateOrZero).max().orElse(0);
    BigDecimal debt = loans.stream().filter(Loan::isOutstanding).map(Loan::loanAmount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    return new BorrowerFacts(borrower, count, late, maxDaysLate, debt);
  }

  public BigDecimal lateRatio() {
    return paymentCount == 0 ? BigDecimal.ZERO : Money.divide(Money.of(latePayments), Money.of(paymentCount));
  }

  public BigDecimal debtToIncome() {
    BigDecimal income = income();
    if (income.signum() > 0) {
      return Money.divide(outstandingDebt, income);
    }
    return outstandingDebt.signum() > 0 ? DTI_WITHOUT_INCOME : BigDecimal.ZERO;
  }

  /**
   * {@code lateRatio() > threshold} without dividing (a whole bank's list compares 100,000 ratios):
   * late > threshold · count. The same answer, as the quotient's 34 digits cannot cross a threshold of
   * a few digits that the exact quotient does not.
   */
  public boolean lateRatioAbove(BigDecimal threshold) {
    return paymentCount > 0 && Money.of(latePayments).compareTo(threshold.multiply(Money.of(paymentCount))) > 0;
  }

  /** {@code debtToIncome() > threshold} without dividing: debt > threshold · income, as {@link #lateRatioAbove}. */
  public boolean debtToIncomeAbove(BigDecimal threshold) {
    BigDecimal income = income();
    if (income.signum() > 0) {
      return outstandingDebt.compareTo(threshold.multiply(income)) > 0;
    }
    return debtToIncome().compareTo(threshold) > 0; // without income nothing is divided
  }

  public int onTimePayments() {
    return paymentCount - latePayments;
  }

  private BigDecimal income() {
    return borrower.income() == null ? BigDecimal.ZERO : borrower.income();
  }
}
