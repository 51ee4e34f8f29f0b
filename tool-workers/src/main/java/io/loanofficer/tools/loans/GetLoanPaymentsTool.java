package io.loanofficer.tools.loans;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.Payment;
import io.loanofficer.tools.data.PaymentRepository;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** getLoanPayments(loan_id): payments newest first (ties: higher payment id first), with the late count. */
@Component
public class GetLoanPaymentsTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getLoanPayments").orElseThrow();

  public record PaymentRow(String paymentId, LocalDate paymentDate, BigDecimal amount, String status, int daysLate) {}

  public record Result(String loanId, List<PaymentRow> payments, int count, int lateCount, LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final PaymentRepository payments;

  public GetLoanPaymentsTool(Portfolio portfolio, PaymentRepository payments) {
    this.portfolio = portfolio;
    this.payments = payments;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Loan loan = portfolio.loan(arguments.get("loan_id"), caller).loan();
    List<Payment> list = payments.findByLoanId(loan.loanId()).stream()
        .sorted(Comparator.comparing(Payment::paymentDate).thenComparing(Payment::paymentId).reversed())
        .toList();
    List<PaymentRow> rows = list.stream()
        .map(p -> new PaymentRow(p.paymentId(), p.paymentDate(), Money.cents(p.amount()), p.status(), p.daysLateOrZero()))
        .toList();
    int late = (int) list.stream().filter(Payment::isLate).count();
    return new Result(loan.loanId(), rows, rows.size(), late, asOf);
  }
}
