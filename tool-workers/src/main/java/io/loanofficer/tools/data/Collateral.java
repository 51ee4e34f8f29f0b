package io.loanofficer.tools.data;

import java.math.BigDecimal;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** Collateral pledged for a loan. */
@Table("collateral")
public record Collateral(
    @Id String collateralId,
    String loanId,
    String type,
    String description,
    BigDecimal value) {
}
