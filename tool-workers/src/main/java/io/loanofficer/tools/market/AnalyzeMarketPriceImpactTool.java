package io.loanofficer.tools.market;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * analyzeMarketPriceImpact(commodity, price_change_percent, borrower_id?): affected borrowers are those
 * whose farm type lists the commodity; exposure = their Active loan amounts; impact =
 * exposure·|Δ%|/100·0.3, adverse when Δ < 0; level > 5000 high, > 1000 medium, else minimal.
 * Without borrower_id the caller's visible portfolio, with a breakdown of the affected borrowers that
 * hold Active loans (largest exposure first).
 */
@Component
public class AnalyzeMarketPriceImpactTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("analyzeMarketPriceImpact").orElseThrow();
  private static final BigDecimal SENSITIVITY = new BigDecimal("0.3");

  /** Commodities each farm type depends on. */
  public static final Map<String, Set<String>> COMMODITIES_BY_FARM_TYPE = Map.of(
      "Crop", Set.of("corn", "wheat", "soybeans", "cotton", "rice"),
      "Livestock", Set.of("livestock", "corn"),
      "Dairy", Set.of("dairy", "corn"),
      "Mixed", Set.of("corn", "soybeans", "wheat", "livestock", "dairy"));

  public record Exposure(String borrowerId, String borrowerName, String farmType, BigDecimal exposure,
      BigDecimal estimatedImpact) {}

  public record Result(String commodity, BigDecimal priceChangePercent, String scope, int affectedBorrowers,
      BigDecimal exposure, BigDecimal estimatedImpact, boolean adverse, String impactLevel, List<Exposure> breakdown,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final LoanRepository loans;

  public AnalyzeMarketPriceImpactTool(Portfolio portfolio, LoanRepository loans) {
    this.portfolio = portfolio;
    this.loans = loans;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    String commodity = arguments.get("commodity");
    BigDecimal change = parsePercent(arguments.get("price_change_percent"));
    String borrowerId = arguments.get("borrower_id");
    List<Borrower> scope;
    Map<String, BigDecimal> activeByBorrower;
    if (borrowerId != null) {
      Borrower borrower = portfolio.borrower(borrowerId, caller);
      scope = List.of(borrower);
      activeByBorrower = sumActive(loans.findByBorrowerId(borrowerId));
    } else {
      scope = portfolio.visibleBorrowers(caller);
      activeByBorrower = sumActive(portfolio.visibleLoans(caller, Loan.ACTIVE));
    }
    List<Borrower> affected = scope.stream().filter(b -> affects(commodity, b.farmType())).toList();
    List<Exposure> breakdown = affected.stream()
        .filter(b -> activeByBorrower.containsKey(b.borrowerId()))
        .map(b -> {
          BigDecimal exposure = activeByBorrower.get(b.borrowerId());
          return new Exposure(b.borrowerId(), b.fullName(), b.farmType(), Money.cents(exposure),
              Money.cents(impact(exposure, change)));
        })
        .sorted(Comparator.comparing(Exposure::exposure).reversed().thenComparing(Exposure::borrowerId))
        .toList();
    BigDecimal exposure = affected.stream().map(b -> activeByBorrower.getOrDefault(b.borrowerId(), BigDecimal.ZERO))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal impact = impact(exposure, change);
    return new Result(commodity, change, borrowerId != null ? "borrower" : "portfolio", affected.size(),
        Money.cents(exposure), Money.cents(impact), change.signum() < 0 && impact.signum() > 0, level(impact),
        breakdown, asOf);
  }

  public static boolean affects(String commodity, String farmType) {
    return COMMODITIES_BY_FARM_TYPE.getOrDefault(farmType, Set.of()).contains(commodity);
  }

  /** "-10%" or "+15%" (as normalised by the catalogue) to a signed number. */
  public static BigDecimal parsePercent(String normalised) {
    String digits = normalised.endsWith("%") ? normalised.substring(0, normalised.length() - 1) : normalised;
    return new BigDecimal(digits.startsWith("+") ? digits.substring(1) : digits);
  }

  public static BigDecimal impact(BigDecimal exposure, BigDecimal changePercent) {
    return exposure.multiply(changePercent.abs()).multiply(SENSITIVITY).divide(BigDecimal.valueOf(100), Money.MC);
  }

  public static String level(BigDecimal impact) {
    if (impact.compareTo(BigDecimal.valueOf(5000)) > 0) {
      return "high";
    }
    return impact.compareTo(BigDecimal.valueOf(1000)) > 0 ? "medium" : "minimal";
  }

  private static Map<String, BigDecimal> sumActive(List<Loan> loans) {
    return loans.stream().filter(Loan::isActive)
        .collect(Collectors.toMap(Loan::borrowerId, Loan::loanAmount, BigDecimal::add));
  }
}
