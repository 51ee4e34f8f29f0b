package io.loanofficer.tools.risk;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.data.PaymentRepository;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** Loads {@link BorrowerFacts} for one borrower or for every borrower the caller sees. */
@Component
public class BorrowerFactsLoader {

  private static final Portfolio.BorrowerTotals NONE = Portfolio.BorrowerTotals.none();

  private final Portfolio portfolio;
  private final LoanRepository loans;
  private final PaymentRepository payments;

  public BorrowerFactsLoader(Portfolio portfolio, LoanRepository loans, PaymentRepository payments) {
    this.portfolio = portfolio;
    this.loans = loans;
    this.payments = payments;
  }

  /** Facts of a borrower the caller has already been checked to see. */
  public BorrowerFacts of(Borrower borrower) {
    return BorrowerFacts.of(borrower, loans.findByBorrowerId(borrower.borrowerId()),
        payments.findByBorrowerId(borrower.borrowerId()));
  }

  /**
   * Facts of every visible borrower, in no particular order, from totals the database sums, handed to
   * {@code each} one at a time (a caller that needs them all collects them).
   */
  public void forEachVisible(Caller caller, Consumer<BorrowerFacts> each) {
    Map<String, Portfolio.BorrowerTotals> totals = portfolio.visibleBorrowerTotals(caller);
    portfolio.forEachVisibleBorrower(caller, b -> {
      Portfolio.BorrowerTotals t = totals.getOrDefault(b.borrowerId(), NONE);
      each.accept(new BorrowerFacts(b, t.payments(), t.latePayments(), t.maxDaysLate(), t.outstandingDebt()));
    });
  }
}
