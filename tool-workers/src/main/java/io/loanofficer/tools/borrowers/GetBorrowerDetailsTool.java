package io.loanofficer.tools.borrowers;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.finance.Money;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * getBorrowerDetails(borrower_id): the borrower. email, phone and address are PII: the
 * {@link io.loanofficer.tools.ToolRunner} replaces them with per-conversation tokens before the
 * result leaves the worker, so the raw values never reach Kafka, the model, logs or SIEM.
 */
@Component
public class GetBorrowerDetailsTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("getBorrowerDetails").orElseThrow();

  public record Result(String borrowerId, String firstName, String lastName, String farmType, int creditScore,
      BigDecimal income, int farmSize, String officerId, String email, String phone, String address,
      LocalDate analysisDate) {}

  private final Portfolio portfolio;

  public GetBorrowerDetailsTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Borrower b = portfolio.borrower(arguments.get("borrower_id"), caller);
    return new Result(b.borrowerId(), b.firstName(), b.lastName(), b.farmType(), b.creditScore(),
        Money.cents(b.income()), b.farmSize(), b.officerId(), b.email(), b.phone(), b.address(), asOf);
  }
}
