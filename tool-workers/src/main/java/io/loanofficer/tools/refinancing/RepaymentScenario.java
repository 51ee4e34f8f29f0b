package io.loanofficer.tools.refinancing;

import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.finance.Amortization;
import io.loanofficer.tools.finance.Money;
import java.math.BigDecimal;

/**
 * A new repayment schedule for a loan's amortised balance, compared with the current one (shared by
 * refinancing and restructuring). Interest of a schedule = payment·months − balance; the change is
 * new minus current, computed unrounded and rounded on output.
 */
public record RepaymentScenario(String option, BigDecimal newRate, int newTermMonths, BigDecimal newMonthlyPayment,
    BigDecimal paymentChange, BigDecimal totalInterestChange) {

  public static RepaymentScenario of(String option, Amortization.Position position, BigDecimal newRate, int newTermMonths) {
    BigDecimal balance = position.balance();
    BigDecimal newPayment = Amortization.monthlyPayment(balance, newRate, newTermMonths);
    BigDecimal currentInterest = position.scheduledPayment()
        .multiply(BigDecimal.valueOf(position.remainingMonths()), Money.MC).subtract(balance, Money.MC);
    BigDecimal newInterest = newPayment.multiply(BigDecimal.valueOf(newTermMonths), Money.MC).subtract(balance, Money.MC);
    return new RepaymentScenario(option, Money.ratio(newRate), newTermMonths, Money.cents(newPayment),
        Money.cents(newPayment.subtract(position.scheduledPayment(), Money.MC)),
        Money.cents(newInterest.subtract(currentInterest, Money.MC)));
  }

  /** rate − cut, not below the floor, and never above the current rate. */
  public static BigDecimal reducedRate(BigDecimal currentRate, BigDecimal cut, BigDecimal floor) {
    return currentRate.subtract(cut).max(floor).min(currentRate);
  }

  /** Why a loan has no options (closed, or paid off on its schedule), else null. */
  public static String noOptionsReason(Loan loan, Amortization.Position position) {
    if (Loan.CLOSED.equals(loan.status())) {
      return "Loan is closed; there is no balance to refinance or restructure.";
    }
    if (position.paidOff()) {
      return "Loan is paid off on its amortisation schedule (all " + loan.termMonths()
          + " months elapsed); there is no balance to refinance or restructure.";
    }
    return null;
  }
}
