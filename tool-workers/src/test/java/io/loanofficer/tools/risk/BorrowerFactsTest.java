package io.loanofficer.tools.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.Payment;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BorrowerFactsTest {

  private static Borrower borrower(String income, int credit, int acres) {
    return new Borrower("B1", "A", "B", "Crop", credit, new BigDecimal(income), acres, "o", null, null, null);
  }

  private static Loan loan(String id, String amount, String status) {
    return new Loan(id, "B1", new BigDecimal(amount), new BigDecimal("4"), 12, LocalDate.of(2025, 1, 1), status, "Land");
  }

  private static Payment payment(String id, String status, int daysLate) {
    return new Payment(id, "L1", LocalDate.of(2025, 2, 1), new BigDecimal("100"), status, daysLate);
  }

  @Test
  void lateByStatusOrDaysLateAndOutstandingDebt() {
    BorrowerFacts f = BorrowerFacts.of(borrower("100000", 700, 200),
        List.of(loan("L1", "10000", "Active"), loan("L2", "20000", "Pending"), loan("L3", "30000", "Defaulted"),
            loan("L4", "40000", "Closed")),
        List.of(payment("P1", "On Time", 0), payment("P2", "Late", 0), payment("P3", "On Time", 5),
            payment("P4", "On Time", 0)));
    assertThat(f.latePayments()).isEqualTo(2);
    assertThat(f.onTimePayments()).isEqualTo(2);
    assertThat(f.lateRatio()).isEqualByComparingTo("0.5");
    assertThat(f.maxDaysLate()).isEqualTo(5);
    assertThat(f.outstandingDebt()).isEqualByComparingTo("60000");
    assertThat(f.debtToIncome()).isEqualByComparingTo("0.6");
  }

  @Test
  void noPaymentsAndNoIncome() {
    BorrowerFacts f = BorrowerFacts.of(borrower("0", 700, 200), List.of(loan("L1", "10000", "Active")), List.of());
    assertThat(f.lateRatio()).isEqualByComparingTo("0");
    assertThat(f.debtToIncome()).isEqualByComparingTo(BorrowerFacts.DTI_WITHOUT_INCOME);
    assertThat(BorrowerFacts.of(borrower("0", 700, 200), List.of(), List.of()).debtToIncome()).isEqualByComparingTo("0");
  }

  @Test
  void thresholdsComparedWithoutDividingAgreeWithTheRatios() {
    // DTI 30000/60000 = 0.5 exactly: not above 0.5, above 0.3; one cent more is above 0.5
    BorrowerFacts half = BorrowerFacts.of(borrower("60000", 700, 200), List.of(loan("L1", "30000", "Active")), List.of());
    assertThat(half.debtToIncomeAbove(new BigDecimal("0.5"))).isFalse();
    assertThat(half.debtToIncomeAbove(new BigDecimal("0.3"))).isTrue();
    BorrowerFacts cent = BorrowerFacts.of(borrower("60000", 700, 200), List.of(loan("L1", "30000.01", "Active")), List.of());
    assertThat(cent.debtToIncome()).isGreaterThan(new BigDecimal("0.5"));
    assertThat(cent.debtToIncomeAbove(new BigDecimal("0.5"))).isTrue();
    // no income: 99.99 with debt, 0 without
    BorrowerFacts noIncome = BorrowerFacts.of(borrower("0", 700, 200), List.of(loan("L1", "1", "Active")), List.of());
    assertThat(noIncome.debtToIncomeAbove(new BigDecimal("0.5"))).isTrue();
    assertThat(BorrowerFacts.of(borrower("0", 700, 200), List.of(), List.of()).debtToIncomeAbove(BigDecimal.ZERO)).isFalse();
    // late 1 of 5 = 0.2 exactly: not above 0.2; 2 of 9 = 0.22 is
    BorrowerFacts fifth = new BorrowerFacts(borrower("1", 700, 200), 5, 1, 3, BigDecimal.ZERO);
    assertThat(fifth.lateRatioAbove(new BigDecimal("0.2"))).isFalse();
    assertThat(new BorrowerFacts(borrower("1", 700, 200), 9, 2, 3, BigDecimal.ZERO).lateRatioAbove(new BigDecimal("0.2"))).isTrue();
    assertThat(new BorrowerFacts(borrower("1", 700, 200), 0, 0, 0, BigDecimal.ZERO).lateRatioAbove(BigDecimal.ZERO)).isFalse();
  }

  @Test
  void highRiskPointBoundaries() {
    // credit 650 -> +15 (not < 650), income 60000 -> +10, 100 acres -> 0, DTI exactly 0.5 -> +10, late 0.2 -> +10
    BorrowerFacts edge = BorrowerFacts.of(borrower("60000", 650, 100), List.of(loan("L1", "30000", "Active")),
        List.of(payment("P1", "Late", 3), payment("P2", "On Time", 0), payment("P3", "On Time", 0),
            payment("P4", "On Time", 0), payment("P5", "On Time", 0)));
    var farmer = GetHighRiskFarmersTool.assess(edge);
    assertThat(farmer.riskPoints()).isEqualTo(45);
    assertThat(farmer.riskLevel()).isEqualTo("Medium-High");
    assertThat(farmer.factors()).extracting(GetHighRiskFarmersTool.Factor::factor)
        .containsExactly("Credit Score", "Income", "Debt-to-Income", "Payment History");
    // credit 700 -> 0, income 80000 -> 0, DTI exactly 0.3 -> 0, no late -> 0, 99 acres -> +15
    BorrowerFacts calm = BorrowerFacts.of(borrower("80000", 700, 99), List.of(loan("L1", "24000", "Active")),
        List.of(payment("P1", "On Time", 0)));
    assertThat(GetHighRiskFarmersTool.assess(calm).riskPoints()).isEqualTo(15);
    // 60 points is High: credit 600 +30, income 50000 +20, DTI 0.31 +10
    BorrowerFacts sixty = BorrowerFacts.of(borrower("50000", 600, 500), List.of(loan("L1", "15500", "Active")), List.of());
    assertThat(GetHighRiskFarmersTool.assess(sixty).riskPoints()).isEqualTo(60);
    assertThat(GetHighRiskFarmersTool.assess(sixty).riskLevel()).isEqualTo("High");
  }
}
