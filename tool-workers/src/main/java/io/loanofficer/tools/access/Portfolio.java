package io.loanofficer.tools.access;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolException;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.BorrowerRepository;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.data.Payment;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Entitlements and the caller's view of the data. A LOAN_OFFICER sees the borrowers whose officer_id
 * is theirs (their officerId, else their userId); CREDIT_ANALYST and ADMIN see all. Single-record
 * look-ups check existence first (unknown: NOT_FOUND), then entitlement (not theirs: FORBIDDEN).
 * Messages name ids only, never people.
 */
@Component
public class Portfolio {

  private final BorrowerRepository borrowers;
  private final LoanRepository loans;
  private final NamedParameterJdbcTemplate jdbc;

  public Portfolio(BorrowerRepository borrowers, LoanRepository loans, NamedParameterJdbcTemplate jdbc) {
    this.borrowers = borrowers;
    this.loans = loans;
    this.jdbc = jdbc;
  }

  /** Visible loans of one status: how many, and the exact sums of their amounts and rates. */
  public record StatusTotals(String status, int loans, BigDecimal amount, BigDecimal rates) {}

  private static final String TOTALS = "SELECT l.status, COUNT(*) AS loans, SUM(l.loan_amount) AS amount, "
      + "SUM(l.interest_rate) AS rates FROM loan l ";

  /**
   * Totals per status of the visible loans, summed by the database (a portfolio summary need not load
   * every loan), ordered by status.
   */
  public List<StatusTotals> visibleLoanTotals(Caller caller) {
    String sql = caller.seesAllBorrowers()
        ? TOTALS + "GROUP BY l.status ORDER BY l.status"
        : TOTALS + "JOIN borrower b ON b.borrower_id = l.borrower_id WHERE b.officer_id = :officerId "
            + "GROUP BY l.status ORDER BY l.status";
    return jdbc.query(sql, Map.of("officerId", String.valueOf(officerOf(caller))), (rs, row) -> new StatusTotals(
        rs.getString("status"), rs.getInt("loans"), rs.getBigDecimal("amount"), rs.getBigDecimal("rates")));
  }

  /** Per visible borrower with loans: payment counts and outstanding debt, summed by the database. */
  public sealed interface BorrowerTotals permits Tally {

    int payments();

    int latePayments();

    int maxDaysLate();

    BigDecimal outstandingDebt();

    /** A borrower without loans: nothing paid, nothing owed. */
    static BorrowerTotals none() {
      return new Tally();
    }
  }

  private static final String OWN = "JOIN borrower b ON b.borrower_id = l.borrower_id WHERE b.officer_id = :officerId ";

  // Payments counted per loan, status and days late: the payment table alone, read in the order of its
  // (loan_id, status, days_late) index without looking a row up (joining a million payments to their
  // loans cost an index look-up per payment; grouping by loan alone made H2 read every row). Lateness
  // is Payment.isLate, applied here to each group. An officer's payments are picked by their loans' ids.
  private static final String PAYMENT_GROUPS = "SELECT p.loan_id, p.status, p.days_late, COUNT(*) AS payments "
      + "FROM payment p ";
  private static final String OWN_PAYMENTS = "WHERE p.loan_id IN (SELECT l.loan_id FROM loan l " + OWN + ") ";

  private static final String LOANS = "SELECT l.loan_id, l.borrower_id, l.status, l.loan_amount FROM loan l ";

  /**
   * The payment and debt totals of every visible borrower with loans, keyed by borrower id, without
   * loading every loan and payment as entities: the visible loans' ids, borrowers, statuses and
   * amounts (outstanding debt is summed here, as {@link Loan#isOutstanding}), and the payments counted
   * per loan, status and days late by the database, added to their loan's borrower here (late as
   * {@link Payment#isLate}).
   */
  public Map<String, BorrowerTotals> visibleBorrowerTotals(Caller caller) {
    Map<String, String> params = Map.of("officerId", String.valueOf(officerOf(caller)));
    boolean all = caller.seesAllBorrowers();
    Tallies tallies = new Tallies();
    jdbc.query(LOANS + (all ? "" : OWN), params, tallies::loan);
    jdbc.query(PAYMENT_GROUPS + (all ? "" : OWN_PAYMENTS) + "GROUP BY p.loan_id, p.status, p.days_late", params,
        tallies::paymentGroup);
    return Collections.unmodifiableMap(tallies.byBorrower);
  }

  /**
   * One tally per borrower, reached from each of its loans' ids: a payment group is added with one
   * look-up (a whole bank is ~340,000 groups; map look-ups were the largest cost once the database
   * read its index alone). Columns are read by their place in the SELECT: by label, H2 upper-cased and
   * looked up each label on every row, a tenth of the whole bank's list in a profile.
   */
  private static final class Tallies {

    private final Map<String, Tally> byBorrower = new HashMap<>();
    private final Map<String, Tally> byLoan = new HashMap<>();
    private String lastLoan;
    private Tally lastTally;

    /** A row of {@link #LOANS}: loan_id, borrower_id, status, loan_amount. */
    void loan(ResultSet rs) throws SQLException {
      Tally tally = byBorrower.computeIfAbsent(rs.getString(2), id -> new Tally());
      byLoan.put(rs.getString(1), tally);
      if (Loan.isOutstanding(rs.getString(3))) {
        tally.debt = tally.debt.add(rs.getBigDecimal(4));
      }
    }

    /** A row of {@link #PAYMENT_GROUPS}: loan_id, status, days_late, payments. */
    void paymentGroup(ResultSet rs) throws SQLException {
      String loanId = rs.getString(1);
      if (!loanId.equals(lastLoan)) {
        // a loan's groups arrive one after another (grouped in the index's order), usually
        lastLoan = loanId;
        lastTally = byLoan.get(loanId);
      }
      if (lastTally != null) {
        lastTally.add(rs.getInt(4), rs.getString(2), rs.getInt(3));
      }
    }
  }

  private static final class Tally implements BorrowerTotals {

    private int payments;
    private int late;
    private int maxDaysLate;
    private BigDecimal debt = BigDecimal.ZERO;

    void add(int count, String status, int daysLate) {
      maxDaysLate = payments == 0 ? daysLate : Math.max(maxDaysLate, daysLate);
      payments += count;
      late += Payment.isLate(status, daysLate) ? count : 0;
    }

    @Override
    public int payments() {
      return payments;
    }

    @Override
    public int latePayments() {
      return late;
    }

    @Override
    public int maxDaysLate() {
      return maxDaysLate;
    }

    @Override
    public BigDecimal outstandingDebt() {
      return debt;
    }
  }

  /** A loan the caller may see, with its borrower. */
  public record LoanAccess(Loan loan, Borrower borrower) {}

  public Borrower borrower(String borrowerId, Caller caller) {
    Borrower borrower = borrowers.findById(borrowerId)
        .orElseThrow(() -> ToolException.notFound("borrower " + borrowerId));
    if (!sees(caller, borrower)) {
      throw ToolException.forbidden("borrower " + borrowerId + " is not in the caller's portfolio");
    }
    return borrower;
  }

  public LoanAccess loan(String loanId, Caller caller) {
    Loan loan = loans.findById(loanId).orElseThrow(() -> ToolException.notFound("loan " + loanId));
    Borrower borrower = borrowers.findById(loan.borrowerId())
        .orElseThrow(() -> ToolException.notFound("borrower of loan " + loanId));
    if (!sees(caller, borrower)) {
      throw ToolException.forbidden("loan " + loanId + " is not in the caller's portfolio");
    }
    return new LoanAccess(loan, borrower);
  }

  public boolean sees(Caller caller, Borrower borrower) {
    return caller.seesAllBorrowers() || Objects.equals(borrower.officerId(), officerOf(caller));
  }

  public List<Borrower> visibleBorrowers(Caller caller) {
    return caller.seesAllBorrowers() ? borrowers.findAll() : borrowers.findByOfficerId(officerOf(caller));
  }

  private static final String BORROWERS = "SELECT b.borrower_id, b.first_name, b.last_name, b.farm_type, "
      + "b.credit_score, b.income, b.farm_size, b.officer_id, b.email, b.phone, b.address FROM borrower b ";

  /**
   * The same borrowers as {@link #visibleBorrowers}, in no particular order, read with a plain row
   * mapper: for matching names across a whole bank, where the repository's entity mapping of 100,000
   * rows took about a third of the high-risk list's time in a profile.
   */
  public List<Borrower> visibleBorrowerRows(Caller caller) {
    List<Borrower> rows = new ArrayList<>();
    forEachVisibleBorrower(caller, rows::add);
    return rows;
  }

  /**
   * Each of {@link #visibleBorrowerRows} handed over as it is read, kept by no one here: a whole bank's
   * list scores 100,000 borrowers and keeps a hundred, and holding them all made every young
   * collection during the call copy them (docs/benchmarks.md).
   */
  public void forEachVisibleBorrower(Caller caller, Consumer<Borrower> each) {
    jdbc.query(BORROWERS + (caller.seesAllBorrowers() ? "" : "WHERE b.officer_id = :officerId"),
        Map.of("officerId", String.valueOf(officerOf(caller))), rs -> {
          // by place in BORROWERS, as the tallies read theirs
          each.accept(new Borrower(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getObject(5, Integer.class), rs.getBigDecimal(6), rs.getObject(7, Integer.class), rs.getString(8),
              rs.getString(9), rs.getString(10), rs.getString(11)));
        });
  }

  /** The borrowers the caller is the officer of, whatever else their roles let them read. */
  public List<Borrower> ownBorrowers(Caller caller) {
    return borrowers.findByOfficerId(officerOf(caller));
  }

  public List<Loan> visibleLoans(Caller caller) {
    return caller.seesAllBorrowers() ? loans.findAll() : loans.findByOfficerId(officerOf(caller));
  }

  public List<Loan> visibleLoans(Caller caller, String status) {
    return caller.seesAllBorrowers() ? loans.findByStatus(status) : loans.findByOfficerIdAndStatus(officerOf(caller), status);
  }

  /** The officer id a loan officer's portfolio is keyed by: the officerId claim, else the user id. */
  static String officerOf(Caller caller) {
    return caller.officerId() != null && !caller.officerId().isBlank() ? caller.officerId() : caller.userId();
  }
}
