package io.loanofficer.tools.loans;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** getActiveLoans(): the caller's visible Active loans with borrower names, by loan id. */
@Component
public class GetActiveLoansTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getActiveLoans").orElseThrow();

  public record ActiveLoan(String loanId, String borrowerId, String borrowerName, BigDecimal loanAmount,
      BigDecimal interestRate, int termMonths, LocalDate startDate, String loanType) {}

  public record Result(List<ActiveLoan> loans, int count, BigDecimal totalAmount, LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public GetActiveLoansTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Map<String, Borrower> borrowers = portfolio.visibleBorrowers(caller).stream()
        .collect(Collectors.toMap(Borrower::borrowerId, Function.identity()));
    List<ActiveLoan> loans = portfolio.visibleLoans(caller, Loan.ACTIVE).stream()
        .sorted(Comparator.comparing(Loan::loanId))
        .map(l -> new ActiveLoan(l.loanId(), l.borrowerId(),
            borrowers.containsKey(l.borrowerId()) ? borrowers.get(l.borrowerId()).fullName() : null,
            Money.cents(l.loanAmount()), Money.ratio(l.interestRate()), l.termMonths(), l.startDate(), l.loanType()))
        .toList();
    BigDecimal total = loans.stream().map(ActiveLoan::loanAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Result(loans, loans.size(), Money.cents(total), asOf);
  }
}
