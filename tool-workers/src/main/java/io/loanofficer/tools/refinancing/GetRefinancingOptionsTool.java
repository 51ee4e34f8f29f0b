package io.loanofficer.tools.refinancing;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.finance.Amortization;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * getRefinancingOptions(loan_id): from the amortised balance and remaining term, Rate Reduction
 * (rate − 0.5, not below 2.0, same remaining term) and Term Extension (+12 months, same rate);
 * closing costs 2% of the balance. Closed or paid-off loans: no options, with a note.
 */
@Component
public class GetRefinancingOptionsTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getRefinancingOptions").orElseThrow();
  private static final BigDecimal CLOSING_COST_RATE = new BigDecimal("0.02");

  public record Option(String option, BigDecimal newRate, int newTermMonths, BigDecimal newMonthlyPayment,
      BigDecimal monthlyChange, BigDecimal totalInterestChange) {}

  public record Result(String loanId, BigDecimal currentBalance, BigDecimal currentRate, int remainingMonths,
      BigDecimal currentMonthlyPayment, BigDecimal closingCosts, List<Option> options, String note,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public GetRefinancingOptionsTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Loan loan = portfolio.loan(arguments.get("loan_id"), caller).loan();
    Amortization.Position position = Amortization.position(loan, asOf);
    String note = RepaymentScenario.noOptionsReason(loan, position);
    BigDecimal balance = note == null ? position.balance() : BigDecimal.ZERO;
    int remaining = note == null ? position.remainingMonths() : 0;
    List<Option> options = note != null ? List.of() : List.of(
        option(RepaymentScenario.of("Rate Reduction", position,
            RepaymentScenario.reducedRate(loan.interestRate(), new BigDecimal("0.5"), new BigDecimal("2.0")), remaining)),
        option(RepaymentScenario.of("Term Extension", position, loan.interestRate(), remaining + 12)));
    return new Result(loan.loanId(), Money.cents(balance), Money.ratio(loan.interestRate()), remaining,
        Money.cents(position.scheduledPayment()), Money.cents(balance.multiply(CLOSING_COST_RATE)), options, note, asOf);
  }

  private static Option option(RepaymentScenario s) {
    return new Option(s.option(), s.newRate(), s.newTermMonths(), s.newMonthlyPayment(), s.paymentChange(),
        s.totalInterestChange());
  }
}
