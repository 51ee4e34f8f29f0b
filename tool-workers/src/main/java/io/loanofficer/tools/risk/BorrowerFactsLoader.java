package io.loanofficer.tools.risk;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.data.Payment;
import io.loanofficer.tools.data.PaymentRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  /** Facts of every visible borrower, ordered by borrower id. */
  public List<BorrowerFacts> visible(Caller caller) {
    List<Loan> visibleLoans = portfolio.visibleLoans(caller);
    Map<String, List<Loan>> loansByBorrower = visibleLoans.stream().collect(Collectors.groupingBy(Loan::borrowerId));
    Map<String, String> borrowerOfLoan = visibleLoans.stream().collect(Collectors.toMap(Loan::loanId, Loan::borrowerId));
    Map<String, List<Payment>> paymentsByBorrower = portfolio.visiblePayments(caller).stream()
        .filter(p -> borrowerOfLoan.containsKey(p.loanId()))
        .collect(Collectors.groupingBy(p -> borrowerOfLoan.get(p.loanId())));
    return portfolio.visibleBorrowers(caller).stream()
        .sorted(Comparator.comparing(Borrower::borrowerId))
        .map(b -> BorrowerFacts.of(b, loansByBorrower.getOrDefault(b.borrowerId(), List.of()),
            paymentsByBorrower.getOrDefault(b.borrowerId(), List.of())))
        .toList();
  }
}
