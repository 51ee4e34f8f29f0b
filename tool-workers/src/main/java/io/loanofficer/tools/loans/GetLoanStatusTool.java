package io.loanofficer.tools.loans;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Loan;
import io.loanofficer.tools.data.Payment;
import io.loanofficer.tools.data.PaymentRepository;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.stereotype.Component;

/** getLoanStatus(loan_id): status, and last_updated = latest payment date, else start_date. */
@Component
public class GetLoanStatusTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getLoanStatus").orElseThrow();

  public record Result(String loanId, String status, LocalDate lastUpdated, LocalDate analysisDate) {}

  private final Portfolio portfolio;
  private final PaymentRepository payments;

  public GetLoanStatusTool(Portfolio portfolio, PaymentRepository payments) {
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
    LocalDate lastUpdated = payments.findByLoanId(loan.loanId()).stream()
        .map(Payment::paymentDate)
        .max(LocalDate::compareTo)
        .orElse(loan.startDate());
    return new Result(loan.loanId(), loan.status(), lastUpdated, asOf);
  }
}
