package io.loanofficer.tools.risk;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.data.PaymentRepository;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Loads {@link BorrowerFacts} for one borrower or for every borrower the caller sees. */
@Component
public class BorrowerFactsLoader {

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

  /** Facts of every visible borrower, in no particular order, from totals the database sums. */
  public List<BorrowerFacts> visible(Caller caller) {
    Map<String, Portfolio.BorrowerTotals> totals = portfolio.visibleBorrowerTotals(caller);
    Portfolio.BorrowerTotals none = new Portfolio.BorrowerTotals(0, 0, 0, BigDecimal.ZERO);
    return portfolio.visibleBorrowerRows(caller).stream()
        .map(b -> {
          Portfolio.BorrowerTotals t = totals.getOrDefault(b.borrowerId(), none);
          return new BorrowerFacts(b, t.payments(), t.latePayments(), t.maxDaysLate(), t.outstandingDebt());
        })
        .toList();
  }
}
