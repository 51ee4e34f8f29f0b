package io.loanofficer.tools.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.tools.data.Loan;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AmortizationTest {

  private static final BigDecimal P = new BigDecimal("50000");
  private static final BigDecimal RATE = new BigDecimal("3.5");

  @Test
  void monthlyPaymentBalanceAndInterest() {
    assertThat(Money.cents(Amortization.monthlyPayment(P, RATE, 60))).isEqualByComparingTo("909.59");
    assertThat(Money.cents(Amortization.balanceAfter(P, RATE, 60, 0))).isEqualByComparingTo("50000.00");
    assertThat(Money.cents(Amortization.balanceAfter(P, RATE, 60, 12))).isEqualByComparingTo("40686.49");
    assertThat(Money.cents(Amortization.balanceAfter(P, RATE, 60, 60))).isEqualByComparingTo("0.00");
    assertThat(Money.cents(Amortization.totalInterest(P, RATE, 60))).isEqualByComparingTo("4575.23");
  }

  @Test
  void zeroRateIsStraightLine() {
    assertThat(Amortization.monthlyPayment(new BigDecimal("12000"), BigDecimal.ZERO, 12)).isEqualByComparingTo("1000");
    assertThat(Amortization.balanceAfter(new BigDecimal("12000"), BigDecimal.ZERO, 12, 5)).isEqualByComparingTo("7000");
    assertThat(Amortization.totalInterest(new BigDecimal("12000"), BigDecimal.ZERO, 12)).isEqualByComparingTo("0");
    assertThatThrownBy(() -> Amortization.monthlyPayment(P, RATE, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void monthsElapsedAreWholeMonthsClamped() {
    LocalDate start = LocalDate.of(2024, 1, 1);
    assertThat(Amortization.monthsElapsed(start, LocalDate.of(2026, 11, 25), 60)).isEqualTo(34);
    assertThat(Amortization.monthsElapsed(start, LocalDate.of(2023, 12, 1), 60)).isZero();
    assertThat(Amortization.monthsElapsed(start, LocalDate.of(2031, 1, 1), 60)).isEqualTo(60);
    assertThat(Amortization.monthsElapsed(LocalDate.of(2024, 6, 15), LocalDate.of(2024, 7, 14), 36)).isZero();
    assertThat(Amortization.monthsElapsed(LocalDate.of(2024, 6, 15), LocalDate.of(2024, 7, 15), 36)).isEqualTo(1);
  }

  @Test
  void positionOfALoan() {
    Loan loan = new Loan("L1", "B1", P, RATE, 60, LocalDate.of(2024, 1, 1), "Active", "Land");
    Amortization.Position p = Amortization.position(loan, LocalDate.of(2026, 11, 25));
    assertThat(p.paymentsMade()).isEqualTo(34);
    assertThat(p.remainingMonths()).isEqualTo(26);
    assertThat(Money.cents(p.balance())).isEqualByComparingTo("22742.90");
    assertThat(p.paidOff()).isFalse();
    Amortization.Position done = Amortization.position(loan, LocalDate.of(2030, 1, 1));
    assertThat(done.paidOff()).isTrue();
    assertThat(done.balance()).isEqualByComparingTo("0");
  }

  @Test
  void roundingIsHalfUp() {
    assertThat(Money.cents(new BigDecimal("0.125"))).isEqualByComparingTo("0.13");
    assertThat(Money.ratio(new BigDecimal("0.855"))).isEqualByComparingTo("0.86");
    assertThat(Money.wholeNumber(new BigDecimal("29.5"))).isEqualTo(30);
    assertThat(Money.wholeNumber(new BigDecimal("29.49"))).isEqualTo(29);
  }
}
