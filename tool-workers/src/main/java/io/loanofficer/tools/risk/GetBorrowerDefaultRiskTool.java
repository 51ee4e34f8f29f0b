package io.loanofficer.tools.risk;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * getBorrowerDefaultRisk(borrower_id): credit = (1 − clamp((credit − 300)/550, 0, 1))·40;
 * payment = late ratio·40; dti = min(20, 10·DTI); score = sum/100. Category from the unrounded score:
 * < 0.2 Very Low, < 0.4 Low, < 0.6 Moderate, < 0.8 High, else Very High.
 */
@Component
public class GetBorrowerDefaultRiskTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getBorrowerDefaultRisk").orElseThrow();
  private static final BigDecimal FORTY = BigDecimal.valueOf(40);
  private static final BigDecimal TWENTY = BigDecimal.valueOf(20);

  public record Factor(String factor, BigDecimal value, BigDecimal points) {}

  public record Result(String borrowerId, String borrowerName, BigDecimal riskScore, String riskCategory,
      List<Factor> factors, LocalDate analysisDate) {}

  /** The unrounded points of each factor and the score. */
  public record Score(BigDecimal creditPoints, BigDecimal paymentPoints, BigDecimal dtiPoints, BigDecimal score) {}

  private final Portfolio portfolio;
  private final BorrowerFactsLoader facts;

  public GetBorrowerDefaultRiskTool(Portfolio portfolio, BorrowerFactsLoader facts) {
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
    Score s = score(f.borrower().creditScore(), f.lateRatio(), f.debtToIncome());
    List<Factor> factors = List.of(
        new Factor("Credit Score", BigDecimal.valueOf(f.borrower().creditScore()), Money.ratio(s.creditPoints())),
        new Factor("Payment History", Money.ratio(f.lateRatio()), Money.ratio(s.paymentPoints())),
        new Factor("Debt-to-Income", Money.ratio(f.debtToIncome()), Money.ratio(s.dtiPoints())));
    return new Result(f.borrower().borrowerId(), f.borrower().fullName(), Money.ratio(s.score()),
        category(s.score()), factors, asOf);
  }

  public static Score score(int creditScore, BigDecimal lateRatio, BigDecimal debtToIncome) {
    BigDecimal normalised = Money.divide(BigDecimal.valueOf(creditScore - 300L), BigDecimal.valueOf(550))
        .max(BigDecimal.ZERO).min(BigDecimal.ONE);
    BigDecimal credit = BigDecimal.ONE.subtract(normalised).multiply(FORTY);
    BigDecimal payment = lateRatio.multiply(FORTY, Money.MC);
    BigDecimal dti = debtToIncome.multiply(BigDecimal.TEN, Money.MC).min(TWENTY);
    BigDecimal score = Money.divide(credit.add(payment).add(dti), BigDecimal.valueOf(100));
    return new Score(credit, payment, dti, score);
  }

  public static String category(BigDecimal score) {
    if (score.compareTo(new BigDecimal("0.2")) < 0) {
      return "Very Low";
    }
    if (score.compareTo(new BigDecimal("0.4")) < 0) {
      return "Low";
    }
    if (score.compareTo(new BigDecimal("0.6")) < 0) {
      return "Moderate";
    }
    if (score.compareTo(new BigDecimal("0.8")) < 0) {
      return "High";
    }
    return "Very High";
  }
}
