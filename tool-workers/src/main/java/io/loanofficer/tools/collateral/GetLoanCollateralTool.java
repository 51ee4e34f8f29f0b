package io.loanofficer.tools.collateral;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Collateral;
import io.loanofficer.tools.data.CollateralRepository;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** getLoanCollateral(loan_id): collateral pledged for the loan (empty list when none), by id. */
@Component
public class GetLoanCollateralTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getLoanCollateral").orElseThrow();

  public record Item(String collateralId, String type, String description, BigDecimal value) {}

  public record Result(String loanId, List<Item> collateral, int count, BigDecimal totalValue, LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final CollateralRepository collateral;

  public GetLoanCollateralTool(Portfolio portfolio, CollateralRepository collateral) {
    this.portfolio = portfolio;
    this.collateral = collateral;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Loan loan = portfolio.loan(arguments.get("loan_id"), caller).loan();
    List<Item> items = collateral.findByLoanId(loan.loanId()).stream()
        .sorted(Comparator.comparing(Collateral::collateralId))
        .map(c -> new Item(c.collateralId(), c.type(), c.description(), Money.cents(c.value())))
        .toList();
    BigDecimal total = items.stream().map(Item::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Result(loan.loanId(), items, items.size(), Money.cents(total), asOf);
  }
}
