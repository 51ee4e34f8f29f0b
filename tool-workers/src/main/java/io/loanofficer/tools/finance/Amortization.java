package io.loanofficer.tools.finance;

import io.loanofficer.tools.data.Loan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;

/**
 * Level-payment amortisation, the one place of this math: M = P·r / (1 − (1 + r)^−n) with
 * r = rate / 1200; balance after k payments B = P(1 + r)^k − M((1 + r)^k − 1)/r. Results are
 * unrounded (DECIMAL128); callers round on output.
 */
public final class Amortization {

  private static final BigDecimal MONTHS_TIMES_PERCENT = BigDecimal.valueOf(1200);

  private Amortization() {}

  /** Where a loan stands on a date: k payments made (whole months since start, within [0, n]). */
  public record Position(BigDecimal scheduledPayment, int paymentsMade, int remainingMonths, BigDecimal balance) {
    public boolean paidOff() {
      return remainingMonths == 0;
    }
  }

  public static Position position(Loan loan, LocalDate asOf) {
    int n = loan.termMonths();
    int k = monthsElapsed(loan.startDate(), asOf, n);
    BigDecimal payment = monthlyPayment(loan.loanAmount(), loan.interestRate(), n);
    BigDecimal balance = k >= n ? BigDecimal.ZERO : balanceAfter(loan.loanAmount(), loan.interestRate(), n, k);
    return new Position(payment, k, n - k, balance);
  }

  /** Whole months from start to asOf, clamped to [0, term]. */
  public static int monthsElapsed(LocalDate start, LocalDate asOf, int termMonths) {
    long months = Period.between(start, asOf).toTotalMonths();
    return (int) Math.max(0, Math.min(termMonths, months));
  }

  public static BigDecimal monthlyPayment(BigDecimal principal, BigDecimal annualRatePercent, int months) {
    if (months <= 0) {
      throw new IllegalArgumentException("term must be positive");
    }
    BigDecimal r = monthlyRate(annualRatePercent);
    if (r.signum() == 0) {
      return principal.divide(BigDecimal.valueOf(months), Money.MC);
    }
    BigDecimal growth = BigDecimal.ONE.add(r).pow(months, Money.MC);
    BigDecimal discount = BigDecimal.ONE.subtract(BigDecimal.ONE.divide(growth, Money.MC));
    return principal.multiply(r, Money.MC).divide(discount, Money.MC);
  }

  public static BigDecimal balanceAfter(BigDecimal principal, BigDecimal annualRatePercent, int months, int paymentsMade) {
    BigDecimal payment = monthlyPayment(principal, annualRatePercent, months);
    BigDecimal r = monthlyRate(annualRatePercent);
    if (r.signum() == 0) {
      return principal.subtract(payment.multiply(BigDecimal.valueOf(paymentsMade)), Money.MC).max(BigDecimal.ZERO);
    }
    BigDecimal growth = BigDecimal.ONE.add(r).pow(paymentsMade, Money.MC);
    BigDecimal balance = principal.multiply(growth, Money.MC)
        .subtract(payment.multiply(growth.subtract(BigDecimal.ONE), Money.MC).divide(r, Money.MC), Money.MC);
    return balance.max(BigDecimal.ZERO);
  }

  /** Interest paid over a full schedule: M·n − P. */
  public static BigDecimal totalInterest(BigDecimal principal, BigDecimal annualRatePercent, int months) {
    return monthlyPayment(principal, annualRatePercent, months).multiply(BigDecimal.valueOf(months), Money.MC)
        .subtract(principal, Money.MC);
  }

  private static BigDecimal monthlyRate(BigDecimal annualRatePercent) {
    return annualRatePercent.divide(MONTHS_TIMES_PERCENT, Money.MC);
  }
}
