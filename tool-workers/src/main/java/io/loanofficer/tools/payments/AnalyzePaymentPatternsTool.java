package io.loanofficer.tools.payments;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.data.Payment;
import io.loanofficer.tools.data.PaymentRepository;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.tools.support.Season;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * analyzePaymentPatterns(borrower_id): over all payments of the borrower's loans: totals, on-time and
 * late counts, on-time % (2 decimals), average days late over the late payments, max days late,
 * payments per season of the payment date; reliability ≥ 90 Excellent, ≥ 75 Good, else Needs
 * Improvement; without payments "No history" (on_time_percent null).
 */
@Component
public class AnalyzePaymentPatternsTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("analyzePaymentPatterns").orElseThrow();

  public record BySeason(int spring, int summer, int fall, int winter) {}

  public record Result(String borrowerId, int totalPayments, int onTime, int late, BigDecimal onTimePercent,
      BigDecimal averageDaysLate, int maxDaysLate, BySeason bySeason, String reliability, LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final PaymentRepository payments;

  public AnalyzePaymentPatternsTool(Portfolio portfolio, PaymentRepository payments) {
    this.portfolio = portfolio;
    this.payments = payments;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Borrower borrower = portfolio.borrower(arguments.get("borrower_id"), caller);
    List<Payment> list = payments.findByBorrowerId(borrower.borrowerId());
    int total = list.size();
    List<Payment> late = list.stream().filter(Payment::isLate).toList();
    int[] seasons = new int[Season.values().length];
    list.forEach(p -> seasons[Season.of(p.paymentDate()).ordinal()]++);
    BigDecimal onTimePercent = total == 0 ? null
        : Money.divide(BigDecimal.valueOf(100L * (total - late.size())), BigDecimal.valueOf(total));
    BigDecimal averageDaysLate = late.isEmpty() ? BigDecimal.ZERO
        : Money.divide(BigDecimal.valueOf(late.stream().mapToLong(Payment::daysLateOrZero).sum()), BigDecimal.valueOf(late.size()));
    int maxDaysLate = list.stream().mapToInt(Payment::daysLateOrZero).max().orElse(0);
    return new Result(borrower.borrowerId(), total, total - late.size(), late.size(),
        onTimePercent == null ? null : Money.ratio(onTimePercent), Money.ratio(averageDaysLate), maxDaysLate,
        new BySeason(seasons[Season.SPRING.ordinal()], seasons[Season.SUMMER.ordinal()],
            seasons[Season.FALL.ordinal()], seasons[Season.WINTER.ordinal()]),
        reliability(onTimePercent), asOf);
  }

  /** From the unrounded on-time percentage; null means no payments. */
  public static String reliability(BigDecimal onTimePercent) {
    if (onTimePercent == null) {
      return "No history";
    }
    if (onTimePercent.compareTo(BigDecimal.valueOf(90)) >= 0) {
      return "Excellent";
    }
    return onTimePercent.compareTo(BigDecimal.valueOf(75)) >= 0 ? "Good" : "Needs Improvement";
  }
}
