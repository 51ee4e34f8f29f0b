package io.loanofficer.tools.equipment;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Equipment;
import io.loanofficer.tools.data.EquipmentRepository;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * forecastEquipmentMaintenance(borrower_id): for next year (as_of year + 1), per item age =
 * forecast year − purchase year; annual cost = min(0.15, 0.03 + 0.02·age)·price·condition factor
 * (Excellent 0.8, Good 1.0, Fair 1.2, Poor 1.5; an unknown condition counts as Good); priority high
 * if age > 10 or Poor, medium if age > 5 or Fair, else low.
 */
@Component
public class ForecastEquipmentMaintenanceTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("forecastEquipmentMaintenance").orElseThrow();
  private static final BigDecimal RATE_CAP = new BigDecimal("0.15");
  private static final BigDecimal BASE_RATE = new BigDecimal("0.03");
  private static final BigDecimal RATE_PER_YEAR = new BigDecimal("0.02");

  public record Item(String equipmentId, String type, int purchaseYear, int age, String condition,
      BigDecimal annualCost, String priority) {}

  public record Result(String borrowerId, List<Item> items, BigDecimal totalAnnualCost, int forecastYear,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final EquipmentRepository equipment;

  public ForecastEquipmentMaintenanceTool(Portfolio portfolio, EquipmentRepository equipment) {
    this.portfolio = portfolio;
    this.equipment = equipment;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Borrower borrower = portfolio.borrower(arguments.get("borrower_id"), caller);
    int forecastYear = asOf.getYear() + 1;
    List<Item> items = equipment.findByBorrowerId(borrower.borrowerId()).stream()
        .sorted(Comparator.comparing(Equipment::equipmentId))
        .map(e -> {
          int age = forecastYear - e.purchaseYear();
          return new Item(e.equipmentId(), e.type(), e.purchaseYear(), age, e.condition(),
              Money.cents(annualCost(age, e.purchasePrice(), e.condition())), priority(age, e.condition()));
        })
        .toList();
    BigDecimal total = items.stream().map(Item::annualCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Result(borrower.borrowerId(), items, Money.cents(total), forecastYear, asOf);
  }

  public static BigDecimal annualCost(int age, BigDecimal purchasePrice, String condition) {
    BigDecimal rate = BASE_RATE.add(RATE_PER_YEAR.multiply(BigDecimal.valueOf(Math.max(0, age)))).min(RATE_CAP);
    return rate.multiply(purchasePrice).multiply(conditionFactor(condition));
  }

  public static BigDecimal conditionFactor(String condition) {
    return switch (condition == null ? "" : condition) {
      case "Excellent" -> new BigDecimal("0.8");
      case "Fair" -> new BigDecimal("1.2");
      case "Poor" -> new BigDecimal("1.5");
      default -> BigDecimal.ONE;
    };
  }

  public static String priority(int age, String condition) {
    if (age > 10 || "Poor".equals(condition)) {
      return "high";
    }
    return age > 5 || "Fair".equals(condition) ? "medium" : "low";
  }
}
