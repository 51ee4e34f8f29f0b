package io.loanofficer.tools.data;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A payment row; status 'On Time' or 'Late'. */
@Table("payment")
public record Payment(
    @Id String paymentId,
    String loanId,
    LocalDate paymentDate,
    BigDecimal amount,
    String status,
    Integer daysLate) {

  /** Late when its status says so or it has days late (the domain definition). */
  public boolean isLate() {
    return isLate(status, daysLateOrZero());
  }

  /** Late: status Late (any case) or days late above 0. */
  public static boolean isLate(String status, int daysLate) {
    return "Late".equalsIgnoreCase(status) || daysLate > 0;
  }

  public int daysLateOrZero() {
    return daysLate == null ? 0 : daysLate;
  }
}
