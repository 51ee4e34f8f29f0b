package io.loanofficer.tools.data;

import java.math.BigDecimal;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A borrower row. email, phone and address are PII: they never appear in logs or error messages. */
@Table("borrower")
public record Borrower(
    @Id String borrowerId,
    String firstName,
    String lastName,
    String farmType,
    Integer creditScore,
    BigDecimal income,
    Integer farmSize,
    String officerId,
    String email,
    String phone,
    String address) {

  public String fullName() {
    return firstName + " " + lastName;
  }
}
