package io.loanofficer.tools.risk;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * getHighRiskFarmers(): over the caller's visible borrowers, points: credit < 650 +30, else < 700 +15;
 * income < 60000 +20, else < 80000 +10; acres < 100 +15; DTI > 0.5 +25, else > 0.3 +10; late ratio
 * > 0.2 +20, else > 0 +10. Listed at 40 or more; High at 60 or more, else Medium-High; highest first,
 * ties by borrower id. Only the factors that scored are listed.
 */
@Component
public class GetHighRiskFarmersTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getHighRiskFarmers").orElseThrow();
  static final int LISTED_AT = 40;
  static final int HIGH_AT = 60;

  public record Factor(String factor, int points) {}

  public record Farmer(String borrowerId, String borrowerName, int riskPoints, String riskLevel, List<Factor> factors) {}

  public record Result(List<Farmer> farmers, int count, LocalDate analysisDate) {}

  private final BorrowerFactsLoader facts;

  public GetHighRiskFarmersTool(BorrowerFactsLoader facts) {
    this.facts = facts;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    List<Farmer> farmers = facts.visible(caller).stream()
        .map(GetHighRiskFarmersTool::assess)
        .filter(f -> f.riskPoints() >= LISTED_AT)
        .sorted(Comparator.comparingInt(Farmer::riskPoints).reversed().thenComparing(Farmer::borrowerId))
        .toList();
    return new Result(farmers, farmers.size(), asOf);
  }

  public static Farmer assess(BorrowerFacts f) {
    Borrower b = f.borrower();
    List<Factor> factors = new ArrayList<>();
    int credit = b.creditScore();
    add(factors, "Credit Score", credit < 650 ? 30 : credit < 700 ? 15 : 0);
    BigDecimal income = b.income();
    add(factors, "Income", income.compareTo(BigDecimal.valueOf(60000)) < 0 ? 20
        : income.compareTo(BigDecimal.valueOf(80000)) < 0 ? 10 : 0);
    add(factors, "Farm Size", b.farmSize() < 100 ? 15 : 0);
    BigDecimal dti = f.debtToIncome();
    add(factors, "Debt-to-Income", dti.compareTo(new BigDecimal("0.5")) > 0 ? 25
        : dti.compareTo(new BigDecimal("0.3")) > 0 ? 10 : 0);
    BigDecimal late = f.lateRatio();
    add(factors, "Payment History", late.compareTo(new BigDecimal("0.2")) > 0 ? 20 : late.signum() > 0 ? 10 : 0);
    int points = factors.stream().mapToInt(Factor::points).sum();
    return new Farmer(b.borrowerId(), b.fullName(), points, points >= HIGH_AT ? "High" : "Medium-High", factors);
  }

  private static void add(List<Factor> factors, String name, int points) {
    if (points > 0) {
      factors.add(new Factor(name, points));
    }
  }
}
