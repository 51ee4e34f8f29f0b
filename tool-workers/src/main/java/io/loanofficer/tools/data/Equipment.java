package io.loanofficer.tools.data;

import java.math.BigDecimal;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A borrower's piece of equipment; condition Excellent, Good, Fair or Poor. */
@Table("equipment")
public record Equipment(
    @Id String equipmentId,
    String borrowerId,
    String type,
    Integer purchaseYear,
    BigDecimal purchasePrice,
    String condition) {
}
