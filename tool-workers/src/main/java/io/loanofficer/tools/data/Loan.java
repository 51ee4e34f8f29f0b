package io.loanofficer.tools.data;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A loan row; {@code interestRate} is in percent, {@code status} Active, Pending, Closed or Defaulted. */
@Table("loan")
public record Loan(
    @Id String loanId,
    String borrowerId,
    BigDecimal loanAmount,
    BigDecimal interestRate,
    Integer termMonths,
    LocalDate startDate,
    String status,
    String loanType) {

  public static final String ACTIVE = "Active";
  public static final String PENDING = "Pending";
  public static final String CLOSED = "Closed";
  public static final String DEFAULTED = "Defaulted";

  public boolean isActive() {
    return ACTIVE.equals(status);
  }

  /** Counts towards outstanding debt: Active, Pending and Defaulted loans. */
  public boolean isOutstanding() {
    return isOutstanding(status);
  }

  public static boolean isOutstanding(String status) {
    return ACTIVE.equals(status) || PENDING.equals(status) || DEFAULTED.equals(status);
  }
}
