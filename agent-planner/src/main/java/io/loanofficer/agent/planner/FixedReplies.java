package io.loanofficer.agent.planner;

import io.loanofficer.toolspec.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The planner's fixed texts: small talk, help, questions back to the officer. */
final class FixedReplies {

  static final String GREETING = "Hello! I'm the LoanOfficer Assistant. Ask me about a loan, a borrower or your "
      + "portfolio, for example \"Is the collateral sufficient for loan L002?\", or ask \"What can you do?\".";
  static final String THANKS = "You're welcome. Anything else about your loans or borrowers?";
  static final String OFF_TOPIC = "I can only help with agricultural lending: loans, borrowers, risk, collateral, "
      + "payments, refinancing, restructuring and market price questions. Ask \"What can you do?\" for a list.";

  /** Capability groups, in the order shown, with the tools behind each and an example question. */
  private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("Loans: details, status, payments and collateral (\"Show me loan L001\")",
        List.of("getLoanDetails", "getLoanStatus", "getLoanPayments", "getLoanCollateral"));
    GROUPS.put("Portfolio: summary, active loans, a borrower's loans (\"Give me a portfolio summary\")",
        List.of("getLoanSummary", "getActiveLoans", "getLoansByBorrower"));
    GROUPS.put("Borrowers: profile, default and non-accrual risk, payment patterns (\"What's the default risk for B003?\")",
        List.of("getBorrowerDetails", "getBorrowerDefaultRisk", "getBorrowerNonAccrualRisk", "analyzePaymentPatterns"));
    GROUPS.put("Risk screens: high-risk farmers, collateral sufficiency (\"Which farmers are at high risk?\")",
        List.of("getHighRiskFarmers", "evaluateCollateralSufficiency"));
    GROUPS.put("Farm outlook: crop yield risk, equipment maintenance, commodity price impact "
            + "(\"How would a 10% drop in corn prices affect B003?\")",
        List.of("assessCropYieldRisk", "forecastEquipmentMaintenance", "analyzeMarketPriceImpact"));
    GROUPS.put("Options: refinancing and restructuring of a loan (\"Restructuring options for L002 to reduce payments\")",
        List.of("getRefinancingOptions", "recommendLoanRestructuring"));
  }

  private FixedReplies() {}

  static String help(List<ToolSpec> tools) {
    Set<String> available = tools.stream().map(ToolSpec::name).collect(Collectors.toSet());
    String lines = GROUPS.entrySet().stream()
        .filter(g -> g.getValue().stream().anyMatch(available::contains))
        .map(g -> "- " + g.getKey())
        .collect(Collectors.joining("\n"));
    if (lines.isEmpty()) {
      return "No lending tools are available to your role in this chat.";
    }
    return "I can help with:\n" + lines + "\nI do not rank or decide on protected characteristics (ECOA / Regulation B).";
  }

  static String askFor(String parameter) {
    return switch (parameter) {
      case "loan_id" -> "Which loan? Please give a loan id such as L001.";
      case "borrower_id" -> "Which borrower? Please give a borrower id such as B001.";
      case "crop_type" -> "Which crop? Please name one: corn, soybeans, wheat, cotton, rice or other.";
      case "commodity" -> "Which commodity? Please name one: corn, wheat, soybeans, cotton, rice, livestock or dairy.";
      case "price_change_percent" -> "By how much would the price change? For example \"a 10% drop\" or \"up 15%\".";
      case "name" -> "Which name should I look for? For example \"Find borrower Smith\".";
      default -> "Please tell me the " + parameter.replace('_', ' ') + ".";
    };
  }

  /** After findBorrowers: several borrowers fit the name the officer typed. */
  static String whichBorrower(String name, List<String> candidates, int count) {
    String listed = candidates.size() == 1 ? candidates.get(0)
        : String.join(", ", candidates.subList(0, candidates.size() - 1)) + " or " + candidates.get(candidates.size() - 1);
    return "Which borrower do you mean by \"" + name + "\": " + listed
        + (count > candidates.size() ? " (" + (count - candidates.size()) + " more match)" : "")
        + "? Please give the borrower id or the full name.";
  }

  static String noBorrowerNamed(String name) {
    return "I found no borrower named \"" + name + "\" among the borrowers you can see. Please check the name, "
        + "or give a borrower id such as B001.";
  }

  static String noLoans(List<String> borrowers) {
    return (borrowers.size() == 1 ? "Borrower " + borrowers.get(0) + " has" : "Borrowers " + String.join(", ", borrowers)
        + " have") + " no loans I can see, so there is no loan to check.";
  }

  static String notAvailable(String tool) {
    return "That needs the " + tool + " tool, which is not available to your role.";
  }
}
