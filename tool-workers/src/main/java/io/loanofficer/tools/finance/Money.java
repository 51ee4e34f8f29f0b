package io.loanofficer.tools.finance;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Rounding rules of the domain: money to cents, ratios to 2 decimals, scores to integers, all HALF_UP. */
public final class Money {

  /** Working precision of every intermediate computation; rounding happens only on output. */
  public static final MathContext MC = MathContext.DECIMAL128;

  private Money() {}

  public static BigDecimal cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP);
  }

  public static BigDecimal ratio(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP);
  }

  public static int wholeNumber(BigDecimal value) {
    return value.setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  public static BigDecimal divide(BigDecimal numerator, BigDecimal denominator) {
    return numerator.divide(denominator, MC);
  }

  public static BigDecimal of(long value) {
    return BigDecimal.valueOf(value);
  }

  public static BigDecimal of(String value) {
    return new BigDecimal(value);
  }
}
