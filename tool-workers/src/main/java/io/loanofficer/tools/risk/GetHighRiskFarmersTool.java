package io.loanofficer.tools.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.ListPage;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.springframework.stereotype.Component;

/**
 * getHighRiskFarmers(): over the caller's visible borrowers, points: credit < 650 +30, else < 700 +15;
 * income < 60000 +20, else < 80000 +10; acres < 100 +15; DTI > 0.5 +25, else > 0.3 +10; late ratio
 * > 0.2 +20, else > 0 +10. Listed at 40 or more; High at 60 or more, else Medium-High; highest first,
 * ties by borrower id. Only the factors that scored are listed.
 *
 * <p>At most the top {@value #LISTED_AT_MOST} are listed, with {@code count} all that qualify and a
 * {@code page} saying so ({@link ListPage}): a whole bank's list is ~40,000 farmers, of which an answer
 * or a panel shows the first few, and building, masking and writing all of them was most of the
 * list's time (docs/benchmarks.md). The result pager would keep only the first ~300 anyway.
 */
@Component
public class GetHighRiskFarmersTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getHighRiskFarmers").orElseThrow();
  static final int LISTED_AT = 40;
  static final int HIGH_AT = 60;
  static final int LISTED_AT_MOST = 100;
  private static final BigDecimal DTI_HIGH = new BigDecimal("0.5");
  private static final BigDecimal DTI_RAISED = new BigDecimal("0.3");
  private static final BigDecimal LATE_HIGH = new BigDecimal("0.2");
  private static final BigDecimal INCOME_LOW = BigDecimal.valueOf(60000);
  private static final BigDecimal INCOME_MODEST = BigDecimal.valueOf(80000);
  /** Highest points first, ties by borrower id. */
  private static final Comparator<Farmer> RANKING =
      Comparator.comparingInt(Farmer::riskPoints).reversed().thenComparing(Farmer::borrowerId);

  public record Factor(String factor, int points) {}

  public record Farmer(String borrowerId, String borrowerName, int riskPoints, String riskLevel, List<Factor> factors) {}

  public record Result(List<Farmer> farmers, int count, LocalDate analysisDate,
      @JsonInclude(JsonInclude.Include.NON_NULL) ListPage page) {}

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
    Listed listed = new Listed(LISTED_AT_MOST);
    facts.forEachVisible(caller, f -> {
      // scored first: most of 100,000 borrowers need no farmer, nor a full name
      List<Factor> factors = factors(f);
      int points = points(factors);
      if (points >= LISTED_AT) {
        listed.offer(farmer(f.borrower(), factors, points));
      }
    });
    List<Farmer> top = listed.top();
    return new Result(top, listed.count, asOf,
        listed.count > top.size() ? ListPage.cut("farmers", top.size(), listed.count) : null);
  }

  /**
   * The farmers that qualify: how many, and the first {@code keep} in {@link #RANKING} order, kept in a
   * heap whose head is the lowest-ranked kept (a whole bank qualifies ~40,000 and lists 100).
   */
  private static final class Listed {

    private final int keep;
    private final PriorityQueue<Farmer> kept;
    private int count;

    Listed(int keep) {
      this.keep = keep;
      this.kept = new PriorityQueue<>(keep + 1, RANKING.reversed());
    }

    void offer(Farmer farmer) {
      count++;
      if (kept.size() < keep) {
        kept.add(farmer);
      } else if (RANKING.compare(farmer, kept.peek()) < 0) {
        kept.poll();
        kept.add(farmer);
      }
    }

    List<Farmer> top() {
      List<Farmer> top = new ArrayList<>(kept);
      top.sort(RANKING);
      return top;
    }
  }

  public static Farmer assess(BorrowerFacts f) {
    List<Factor> factors = factors(f);
    return farmer(f.borrower(), factors, points(factors));
  }

  /** The factors that scored, in the formula's order. */
  private static List<Factor> factors(BorrowerFacts f) {
    Borrower b = f.borrower();
    List<Factor> factors = new ArrayList<>(5);
    int credit = b.creditScore();
    add(factors, "Credit Score", credit < 650 ? 30 : credit < 700 ? 15 : 0);
    BigDecimal income = b.income();
    add(factors, "Income", income.compareTo(INCOME_LOW) < 0 ? 20 : income.compareTo(INCOME_MODEST) < 0 ? 10 : 0);
    add(factors, "Farm Size", b.farmSize() < 100 ? 15 : 0);
    add(factors, "Debt-to-Income", f.debtToIncomeAbove(DTI_HIGH) ? 25 : f.debtToIncomeAbove(DTI_RAISED) ? 10 : 0);
    add(factors, "Payment History", f.lateRatioAbove(LATE_HIGH) ? 20 : f.latePayments() > 0 ? 10 : 0);
    return factors;
  }

  private static int points(List<Factor> factors) {
    int points = 0;
    for (Factor factor : factors) {
      points += factor.points();
    }
    return points;
  }

  private static Farmer farmer(Borrower b, List<Factor> factors, int points) {
    return new Farmer(b.borrowerId(), b.fullName(), points, points >= HIGH_AT ? "High" : "Medium-High", factors);
  }

  private static void add(List<Factor> factors, String name, int points) {
    if (points > 0) {
      factors.add(new Factor(name, points));
    }
  }
}
