package io.loanofficer.toolspec;

import static io.loanofficer.toolspec.ParameterKind.BORROWER_ID;
import static io.loanofficer.toolspec.ParameterKind.LOAN_ID;
import static io.loanofficer.toolspec.ParameterKind.PERCENT_CHANGE;
import static io.loanofficer.toolspec.ParameterKind.TEXT;
import static io.loanofficer.toolspec.ToolParameter.choice;
import static io.loanofficer.toolspec.ToolParameter.optional;
import static io.loanofficer.toolspec.ToolParameter.required;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 19 lending tools: the 18 of the original POC with their names and parameters, so its prompts keep
 * working, and {@code findBorrowers}, which turns a name the officer types into a borrower id.
 * Protected characteristics (ECOA / Regulation B) are deliberately absent from every parameter.
 */
public final class ToolCatalogue {

  private static final ToolParameter LOAN = required("loan_id", LOAN_ID, "Loan id, e.g. L001");
  private static final ToolParameter BORROWER = required("borrower_id", BORROWER_ID, "Borrower id, e.g. B001");

  public static final List<ToolSpec> ALL = List.of(
      tool("getLoanDetails", "The loan with its borrower's name.", LOAN),
      tool("getLoanStatus", "Status of a loan and when it last changed.", LOAN),
      portfolio("getLoanSummary", "Portfolio summary: counts per status, total and active amounts, "
          + "average amount and rate, default rate."),
      portfolio("getActiveLoans", "Active loans with borrower names."),
      tool("getLoansByBorrower", "All loans of one borrower.", BORROWER),
      tool("getLoanPayments", "Payments of a loan, newest first.", LOAN),
      tool("getLoanCollateral", "Collateral pledged for a loan.", LOAN),
      tool("getBorrowerDetails", "A borrower's profile (contact fields are masked).", BORROWER),
      tool("getBorrowerDefaultRisk", "Default risk score (0-1) and category with its factors.", BORROWER),
      tool("getBorrowerNonAccrualRisk", "Non-accrual risk score (0-100), level, longest days late.", BORROWER),
      tool("evaluateCollateralSufficiency", "Loan-to-value of a loan against its collateral; "
          + "sufficient when LTV < 0.80.", LOAN),
      portfolio("getHighRiskFarmers", "Borrowers scoring 40 or more risk points, highest first, "
          + "with the points of each factor."),
      tool("forecastEquipmentMaintenance", "Next year's equipment maintenance cost per item and in total.", BORROWER),
      tool("assessCropYieldRisk", "Crop yield risk score, level, factors and recommendations.", BORROWER,
          choice("crop_type", true, "Crop", "corn", "soybeans", "wheat", "cotton", "rice", "other"),
          choice("season", true, "Season; current means the season of the analysis date",
              "spring", "summer", "fall", "winter", "current")),
      new ToolSpec("analyzeMarketPriceImpact", "1", "Impact of a commodity price change on a borrower, "
          + "or on the whole visible portfolio when borrower_id is omitted.", List.of(
          choice("commodity", true, "Commodity", "corn", "wheat", "soybeans", "cotton", "rice", "livestock", "dairy"),
          required("price_change_percent", PERCENT_CHANGE, "Signed change, e.g. \"-10%\""),
          optional("borrower_id", BORROWER_ID, "Borrower id; omit for the whole portfolio")), false),
      tool("getRefinancingOptions", "Rate reduction and term extension options from the amortised balance.", LOAN),
      tool("analyzePaymentPatterns", "On-time and late payments, days late, seasonality, reliability.", BORROWER),
      tool("recommendLoanRestructuring", "Term extension, rate reduction and hybrid options with a recommendation.",
          LOAN, choice("restructuring_goal", false, "Goal; omit unless the user states one",
              "reduce_payments", "minimize_interest")),
      tool("findBorrowers", "Borrowers in the caller's portfolio whose name matches, to turn a name into a "
          + "borrower_id: ignores case and accents, and each word may be a prefix or one letter off. status "
          + "FOUND (one candidate) or AMBIGUOUS (several: ask which); no match is NOT_FOUND.",
          required("name", TEXT, "The borrower's name or part of it, e.g. \"John Doe\" or \"Smith\"")));

  private static final Map<String, ToolSpec> BY_NAME = ALL.stream()
      .collect(Collectors.toUnmodifiableMap(ToolSpec::name, Function.identity()));

  private ToolCatalogue() {}

  public static Optional<ToolSpec> find(String name) {
    return Optional.ofNullable(name).map(BY_NAME::get);
  }

  /** The JSON schema of a tool's arguments, as plain maps and lists (any JSON library can write it). */
  public static Map<String, Object> jsonSchema(ToolSpec spec) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (ToolParameter p : spec.parameters()) {
      Map<String, Object> property = new LinkedHashMap<>();
      property.put("type", "string");
      property.put("description", p.description());
      p.kind().pattern().ifPresent(pattern -> property.put("pattern", pattern));
      if (!p.choices().isEmpty()) {
        property.put("enum", p.choices());
      }
      properties.put(p.name(), property);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", spec.parameters().stream().filter(ToolParameter::required).map(ToolParameter::name).toList());
    schema.put("additionalProperties", false);
    return schema;
  }

  private static ToolSpec tool(String name, String description, ToolParameter... parameters) {
    return new ToolSpec(name, "1", description, List.of(parameters), false);
  }

  private static ToolSpec portfolio(String name, String description) {
    return new ToolSpec(name, "1", description, List.of(), true);
  }
}
