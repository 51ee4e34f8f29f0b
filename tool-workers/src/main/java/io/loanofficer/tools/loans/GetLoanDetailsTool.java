package io.loanofficer.tools.loans;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.stereotype.Component;

/** getLoanDetails(loan_id): the loan with its borrower's name. */
@Component
public class GetLoanDetailsTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getLoanDetails").orElseThrow();

  public record Result(String loanId, String borrowerId, String borrowerName, BigDecimal loanAmount,
      BigDecimal interestRate, int termMonths, LocalDate startDate, String status, String loanType,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public GetLoanDetailsTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Portfolio.LoanAccess access = portfolio.loan(arguments.get("loan_id"), caller);
    Loan loan = access.loan();
    return new Result(loan.loanId(), loan.borrowerId(), access.borrower().fullName(), Money.cents(loan.loanAmount()),
        Money.ratio(loan.interestRate()), loan.termMonths(), loan.startDate(), loan.status(), loan.loanType(), asOf);
  }
}
