package io.loanofficer.infra.corebanking;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

/**
 * Plays the bank's core system: writes straight into the lending database, as that system would, so
 * that change capture sees real row changes. Each command checks its arguments against the domain
 * (ids exist, values in range) inside its transaction and writes nothing when one is wrong.
 */
public final class CoreBanking {

  public static final List<String> LOAN_STATUSES = List.of("Active", "Pending", "Closed", "Defaulted");
  static final int MAX_DAYS_LATE = 365;
  static final int MIN_CREDIT_SCORE = 300;
  static final int MAX_CREDIT_SCORE = 850;
  /** NUMERIC(18,2): 16 digits before the point. */
  static final BigDecimal MAX_VALUE = new BigDecimal("9999999999999999.99");

  private final Supplier<Connection> connections;
  private final Clock clock;

  public CoreBanking(Supplier<Connection> connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  /**
   * Records a payment of the loan, today, {@code daysLate} days late, for its amortised monthly
   * amount. Only Active and Defaulted loans take payments. Returns the new payment's id.
   */
  public String latePayment(String loanId, int daysLate) throws InvalidCommand, SQLException {
    requireId(loanId, 'L', "loan");
    if (daysLate < 1 || daysLate > MAX_DAYS_LATE) {
      throw new InvalidCommand("DAYS_LATE must be between 1 and " + MAX_DAYS_LATE + ", got " + daysLate);
    }
    try (Connection c = transaction()) {
      BigDecimal monthly;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT loan_amount, interest_rate, term_months, status FROM loan WHERE loan_id = ?")) {
        s.setString(1, loanId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw rollback(c, "unknown loan " + loanId);
          }
          String status = rs.getString("status");
          if (!status.equals("Active") && !status.equals("Defaulted")) {
            throw rollback(c, "loan " + loanId + " is " + status + ": only Active and Defaulted loans take payments");
          }
          monthly = monthlyPayment(rs.getBigDecimal("loan_amount"), rs.getBigDecimal("interest_rate"),
              rs.getInt("term_months"));
        }
      }
      String paymentId = nextPaymentId(c);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO payment (payment_id, loan_id, payment_date, amount, status, days_late) VALUES (?, ?, ?, ?, 'Late', ?)")) {
        s.setString(1, paymentId);
        s.setString(2, loanId);
        s.setDate(3, Date.valueOf(LocalDate.now(clock)));
        s.setBigDecimal(4, monthly);
        s.setInt(5, daysLate);
        s.executeUpdate();
      }
      c.commit();
      return paymentId;
    }
  }

  /** Sets a loan's status (one of {@link #LOAN_STATUSES}, any case). */
  public void status(String loanId, String status) throws InvalidCommand, SQLException {
    requireId(loanId, 'L', "loan");
    String known = LOAN_STATUSES.stream().filter(s -> s.equalsIgnoreCase(status)).findFirst()
        .orElseThrow(() -> new InvalidCommand("STATUS must be one of " + String.join(", ", LOAN_STATUSES) + ", got " + status));
    updateOne("UPDATE loan SET status = ? WHERE loan_id = ?", known, loanId, "unknown loan " + loanId);
  }

  /** Sets a collateral's appraised value: positive, at most 2 decimals. */
  public void revalue(String collateralId, BigDecimal value) throws InvalidCommand, SQLException {
    requireId(collateralId, 'C', "collateral");
    if (value.signum() <= 0 || value.compareTo(MAX_VALUE) > 0 || value.stripTrailingZeros().scale() > 2) {
      throw new InvalidCommand("VALUE must be a positive amount with at most 2 decimals, got " + value.toPlainString());
    }
    updateOne("UPDATE collateral SET \"value\" = ? WHERE collateral_id = ?", value.setScale(2), collateralId,
        "unknown collateral " + collateralId);
  }

  /** Sets a borrower's credit score, 300 to 850. */
  public void creditScore(String borrowerId, int score) throws InvalidCommand, SQLException {
    requireId(borrowerId, 'B', "borrower");
    if (score < MIN_CREDIT_SCORE || score > MAX_CREDIT_SCORE) {
      throw new InvalidCommand("SCORE must be between " + MIN_CREDIT_SCORE + " and " + MAX_CREDIT_SCORE + ", got " + score);
    }
    updateOne("UPDATE borrower SET credit_score = ? WHERE borrower_id = ?", score, borrowerId,
        "unknown borrower " + borrowerId);
  }

  /** The amortised monthly payment M = P·r / (1 − (1 + r)^−n), r = rate / 1200, to cents (lending-domain). */
  static BigDecimal monthlyPayment(BigDecimal principal, BigDecimal ratePercent, int months) {
    if (ratePercent.signum() == 0) {
      return principal.divide(BigDecimal.valueOf(months), 2, RoundingMode.HALF_UP);
    }
    MathContext mc = MathContext.DECIMAL64;
    BigDecimal r = ratePercent.divide(BigDecimal.valueOf(1200), mc);
    BigDecimal growth = BigDecimal.ONE.add(r).pow(months, mc);
    BigDecimal discount = BigDecimal.ONE.subtract(BigDecimal.ONE.divide(growth, mc));
    return principal.multiply(r, mc).divide(discount, mc).setScale(2, RoundingMode.HALF_UP);
  }

  private void updateOne(String sql, Object value, String id, String unknown) throws InvalidCommand, SQLException {
    try (Connection c = transaction(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, value);
      s.setString(2, id);
      if (s.executeUpdate() != 1) {
        throw rollback(c, unknown);
      }
      c.commit();
    }
  }

  /** P + one more than the highest numbered payment id, at least 3 digits (P029 after P028). */
  private static String nextPaymentId(Connection c) throws SQLException {
    long highest = 0;
    try (PreparedStatement s = c.prepareStatement("SELECT payment_id FROM payment");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        if (id.matches("P\\d{1,11}")) {
          highest = Math.max(highest, Long.parseLong(id.substring(1)));
        }
      }
    }
    return String.format("P%03d", highest + 1);
  }

  private static void requireId(String id, char prefix, String what) throws InvalidCommand {
    if (id == null || !id.matches(prefix + "\\d{1,11}")) {
      throw new InvalidCommand("malformed " + what + " id '" + id + "': expected " + prefix + " and digits, e.g. " + prefix + "001");
    }
  }

  private Connection transaction() throws SQLException {
    Connection c = connections.get();
    c.setAutoCommit(false);
    return c;
  }

  private static InvalidCommand rollback(Connection c, String message) throws SQLException {
    c.rollback();
    return new InvalidCommand(message);
  }
}
