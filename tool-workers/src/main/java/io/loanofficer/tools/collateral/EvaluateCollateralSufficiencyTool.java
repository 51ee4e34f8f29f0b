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
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * evaluateCollateralSufficiency(loan_id): LTV = loan_amount / total collateral value; sufficient when
 * the unrounded LTV is below 0.80. No collateral (or a total of zero): not sufficient, LTV null.
 */
@Component
public class EvaluateCollateralSufficiencyTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("evaluateCollateralSufficiency").orElseThrow();

  static final BigDecimal LTV_LIMIT = new BigDecimal("0.80");

  public record Result(String loanId, BigDecimal loanAmount, BigDecimal totalCollateralValue, BigDecimal ltv,
      boolean sufficient, String reason, LocalDate analysisDate) {}

  /** The verdict of the LTV rule: ltv rounded to 2 decimals (null without collateral). */
  public record Verdict(BigDecimal ltv, boolean sufficient, String reason) {}

  private final Portfolio portfolio;
  private final CollateralRepository collateral;

  public EvaluateCollateralSufficiencyTool(Portfolio portfolio, CollateralRepository collateral) {
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
    BigDecimal total = collateral.findByLoanId(loan.loanId()).stream()
        .map(Collateral::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    Verdict verdict = judge(loan.loanAmount(), total);
    return new Result(loan.loanId(), Money.cents(loan.loanAmount()), Money.cents(total), verdict.ltv(),
        verdict.sufficient(), verdict.reason(), asOf);
  }

  public static Verdict judge(BigDecimal loanAmount, BigDecimal totalCollateralValue) {
    if (totalCollateralValue.signum() <= 0) {
      return new Verdict(null, false, "NO_COLLATERAL");
    }
    BigDecimal ltv = Money.divide(loanAmount, totalCollateralValue);
    boolean sufficient = ltv.compareTo(LTV_LIMIT) < 0;
    return new Verdict(Money.ratio(ltv), sufficient, sufficient ? "LTV_BELOW_0.80" : "LTV_AT_OR_ABOVE_0.80");
  }
}
