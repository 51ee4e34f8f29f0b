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
 * recommendLoanRestructuring(loan_id, restructuring_goal): from the amortised balance, Term Extension
 * (+36 months, same rate), Rate Reduction (rate − 1.0, not below 3.0, same remaining term) and Hybrid
 * (+24 months at rate − 0.5, not below 3.5); no option raises the rate. Recommended: reduce_payments →
 * Term Extension, minimize_interest → Rate Reduction, otherwise Hybrid.
 */
@Component
public class RecommendLoanRestructuringTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("recommendLoanRestructuring").orElseThrow();

  public record Option(String option, BigDecimal newRate, int newTermMonths, BigDecimal newMonthlyPayment,
      BigDecimal paymentChange, BigDecimal totalInterestChange, List<String> pros, List<String> cons) {}

  public record Result(String loanId, BigDecimal currentBalance, BigDecimal currentRate, int remainingMonths,
      BigDecimal currentMonthlyPayment, String restructuringGoal, List<Option> options, String recommended,
      String note, LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public RecommendLoanRestructuringTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Loan loan = portfolio.loan(arguments.get("loan_id"), caller).loan();
    String goal = arguments.get("restructuring_goal");
    Amortization.Position position = Amortization.position(loan, asOf);
    String note = RepaymentScenario.noOptionsReason(loan, position);
    if (note != null) {
      return new Result(loan.loanId(), Money.cents(BigDecimal.ZERO), Money.ratio(loan.interestRate()), 0,
          Money.cents(position.scheduledPayment()), goal, List.of(), null, note, asOf);
    }
    int remaining = position.remainingMonths();
    BigDecimal rate = loan.interestRate();
    List<Option> options = List.of(
        option(RepaymentScenario.of("Term Extension", position, rate, remaining + 36),
            List.of("Lower monthly payment, spread over 36 more months", "Keeps the current rate"),
            List.of("36 more months of payments", "More total interest")),
        option(RepaymentScenario.of("Rate Reduction", position,
                RepaymentScenario.reducedRate(rate, new BigDecimal("1.0"), new BigDecimal("3.0")), remaining),
            List.of("Less total interest", "Keeps the payoff date"),
            List.of("Little payment relief", "The lender accepts a lower yield")),
        option(RepaymentScenario.of("Hybrid", position,
                RepaymentScenario.reducedRate(rate, new BigDecimal("0.5"), new BigDecimal("3.5")), remaining + 24),
            List.of("Payment relief at a lower rate", "Balances payment relief and interest cost"),
            List.of("24 more months of payments", "The lender accepts a lower yield")));
    return new Result(loan.loanId(), Money.cents(position.balance()), Money.ratio(rate), remaining,
        Money.cents(position.scheduledPayment()), goal, options, recommended(goal), null, asOf);
  }

  public static String recommended(String goal) {
    if ("reduce_payments".equals(goal)) {
      return "Term Extension";
    }
    if ("minimize_interest".equals(goal)) {
      return "Rate Reduction";
    }
    return "Hybrid";
  }

  private static Option option(RepaymentScenario s, List<String> pros, List<String> cons) {
    return new Option(s.option(), s.newRate(), s.newTermMonths(), s.newMonthlyPayment(), s.paymentChange(),
        s.totalInterestChange(), pros, cons);
  }
}
