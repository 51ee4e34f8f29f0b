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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * getLoanSummary(): over the caller's visible loans, counts per status (the four known statuses always
 * present, others after them by name), total and active amounts, average amount and rate (null without
 * loans), default rate = Defaulted / all loans in percent. The database sums per status (exact decimal
 * sums); the averages and rounding are done here, as before, from those sums.
 */
@Component
public class GetLoanSummaryTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getLoanSummary").orElseThrow();

  public record Result(int totalLoans, Map<String, Integer> countsByStatus, BigDecimal totalAmount,
      BigDecimal activeAmount, BigDecimal averageAmount, BigDecimal averageRate, BigDecimal defaultRatePercent,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public GetLoanSummaryTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String status : List.of(Loan.ACTIVE, Loan.PENDING, Loan.CLOSED, Loan.DEFAULTED)) {
      counts.put(status, 0);
    }
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal active = BigDecimal.ZERO;
    BigDecimal rates = BigDecimal.ZERO;
    int n = 0;
    for (Portfolio.StatusTotals byStatus : portfolio.visibleLoanTotals(caller)) {
      counts.merge(byStatus.status(), byStatus.loans(), Integer::sum);
      total = total.add(byStatus.amount());
      rates = rates.add(byStatus.rates());
      if (Loan.ACTIVE.equals(byStatus.status())) {
        active = active.add(byStatus.amount());
      }
      n += byStatus.loans();
    }
    BigDecimal averageAmount = n == 0 ? null : Money.cents(Money.divide(total, Money.of(n)));
    BigDecimal averageRate = n == 0 ? null : Money.ratio(Money.divide(rates, Money.of(n)));
    BigDecimal defaultRate = n == 0 ? Money.ratio(BigDecimal.ZERO)
        : Money.ratio(Money.divide(Money.of(100L * counts.get(Loan.DEFAULTED)), Money.of(n)));
    return new Result(n, counts, Money.cents(total), Money.cents(active), averageAmount, averageRate, defaultRate, asOf);
  }
}
