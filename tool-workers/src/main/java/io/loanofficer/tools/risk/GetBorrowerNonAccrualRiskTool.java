package io.loanofficer.tools.risk;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * getBorrowerNonAccrualRisk(borrower_id): score = round(50·late ratio + 50·(850 − credit)/550);
 * < 30 low, < 60 medium, else high; with the longest days late and the factors that drove it.
 */
@Component
public class GetBorrowerNonAccrualRiskTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getBorrowerNonAccrualRisk").orElseThrow();
  private static final BigDecimal FIFTY = BigDecimal.valueOf(50);

  public record Result(String borrowerId, String borrowerName, int riskScore, String riskLevel, BigDecimal lateRatio,
      int maxDaysLate, List<String> factors, LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final BorrowerFactsLoader facts;

  public GetBorrowerNonAccrualRiskTool(Portfolio portfolio, BorrowerFactsLoader facts) {
    this.portfolio = portfolio;
    this.facts = facts;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    BorrowerFacts f = facts.of(portfolio.borrower(arguments.get("borrower_id"), caller));
    int credit = f.borrower().creditScore();
    int score = score(f.lateRatio(), credit);
    return new Result(f.borrower().borrowerId(), f.borrower().fullName(), score, level(score),
        Money.ratio(f.lateRatio()), f.maxDaysLate(), factors(f), asOf);
  }

  public static int score(BigDecimal lateRatio, int creditScore) {
    BigDecimal payment = FIFTY.multiply(lateRatio, Money.MC);
    BigDecimal credit = Money.divide(FIFTY.multiply(BigDecimal.valueOf(850L - creditScore)), BigDecimal.valueOf(550));
    return Money.wholeNumber(payment.add(credit));
  }

  public static String level(int score) {
    return score < 30 ? "low" : score < 60 ? "medium" : "high";
  }

  static List<String> factors(BorrowerFacts f) {
    List<String> factors = new ArrayList<>();
    if (f.paymentCount() == 0) {
      factors.add("No payment history");
    } else {
      factors.add(f.latePayments() + " of " + f.paymentCount() + " payments late (late ratio "
          + Money.ratio(f.lateRatio()).toPlainString() + ")");
    }
    if (f.maxDaysLate() >= 90) {
      factors.add("A payment was 90 or more days late (" + f.maxDaysLate() + " days)");
    } else if (f.maxDaysLate() > 30) {
      factors.add("A payment was more than 30 days late (" + f.maxDaysLate() + " days)");
    }
    factors.add("Credit score " + f.borrower().creditScore() + " contributes "
        + Money.ratio(Money.divide(FIFTY.multiply(BigDecimal.valueOf(850L - f.borrower().creditScore())),
            BigDecimal.valueOf(550))).toPlainString() + " points");
    return factors;
  }
}
