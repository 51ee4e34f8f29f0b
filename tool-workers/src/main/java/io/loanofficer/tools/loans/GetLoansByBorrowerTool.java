package io.loanofficer.tools.loans;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** getLoansByBorrower(borrower_id): that borrower's loans, by loan id. */
@Component
public class GetLoansByBorrowerTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getLoansByBorrower").orElseThrow();

  public record BorrowerLoan(String loanId, BigDecimal loanAmount, BigDecimal interestRate, int termMonths,
      LocalDate startDate, String status, String loanType) {}

  public record Result(String borrowerId, String borrowerName, List<BorrowerLoan> loans, int count,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final LoanRepository loans;

  public GetLoansByBorrowerTool(Portfolio portfolio, LoanRepository loans) {
    this.portfolio = portfolio;
    this.loans = loans;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Borrower borrower = portfolio.borrower(arguments.get("borrower_id"), caller);
    List<BorrowerLoan> list = loans.findByBorrowerId(borrower.borrowerId()).stream()
        .sorted(Comparator.comparing(Loan::loanId))
        .map(l -> new BorrowerLoan(l.loanId(), Money.cents(l.loanAmount()), Money.ratio(l.interestRate()),
            l.termMonths(), l.startDate(), l.status(), l.loanType()))
        .toList();
    return new Result(borrower.borrowerId(), borrower.fullName(), list, list.size(), asOf);
  }
}
