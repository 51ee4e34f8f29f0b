package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.planner.OfflinePlanner;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.collateral.EvaluateCollateralSufficiencyTool;
import io.loanofficer.tools.crops.AssessCropYieldRiskTool;
import io.loanofficer.tools.equipment.ForecastEquipmentMaintenanceTool;
import io.loanofficer.tools.market.AnalyzeMarketPriceImpactTool;
import io.loanofficer.tools.payments.AnalyzePaymentPatternsTool;
import io.loanofficer.tools.refinancing.GetRefinancingOptionsTool;
import io.loanofficer.tools.refinancing.RecommendLoanRestructuringTool;
import io.loanofficer.tools.risk.GetBorrowerDefaultRiskTool;
import io.loanofficer.tools.risk.GetBorrowerNonAccrualRiskTool;
import io.loanofficer.tools.risk.GetHighRiskFarmersTool;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolParameter;
import io.loanofficer.toolspec.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The model inventory ({@code docs/model-inventory.md}) generated from code: every scoring tool of the
 * {@link ToolCatalogue} as a model (version, implementation, inputs, formula reference, limits) and the
 * language-model configuration. The test fails when the document and the code disagree; run it with
 * {@code -Dmodel-inventory.write=true} to regenerate it; a missing document fails the test.
 */
class ModelInventoryTest {

  private static final Path DOC = Path.of("..", "docs", "model-inventory.md");

  /** A scoring tool: its implementation, what its output is, where its formula is, what it cannot do. */
  record ScoringModel(Class<? extends LendingTool> implementation, String output, String inputs, String limits) {}

  private static final Map<String, ScoringModel> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("getBorrowerDefaultRisk", new ScoringModel(GetBorrowerDefaultRiskTool.class,
        "default risk score 0–1, category Very Low … Very High, factor points",
        "credit score, payments (late ratio), DTI = loan amounts of Active, Pending and Defaulted loans / income",
        "expert-weighted rule, not statistically calibrated: the score is not a probability of default; "
            + "no macro or sector inputs; a borrower without payments gets 0 payment points"));
    MODELS.put("getBorrowerNonAccrualRisk", new ScoringModel(GetBorrowerNonAccrualRiskTool.class,
        "non-accrual risk score 0–100, level low/medium/high, longest days late, factor texts",
        "credit score, payments (late ratio, days late)",
        "rule-based indicator, not the accounting non-accrual determination (90 days past due / doubt of "
            + "collection stays with the officer)"));
    MODELS.put("getHighRiskFarmers", new ScoringModel(GetHighRiskFarmersTool.class,
        "risk points per borrower, listed at 40+, High at 60+, factor points",
        "credit score, income, farm size, DTI, late ratio",
        "additive points with fixed thresholds; a screening list, not a rating; portfolio of the caller only"));
    MODELS.put("evaluateCollateralSufficiency", new ScoringModel(EvaluateCollateralSufficiencyTool.class,
        "LTV and sufficient (LTV < 0.80)", "loan amount, collateral values on record",
        "book collateral values, no haircut, no appraisal date; original loan amount, not the balance"));
    MODELS.put("assessCropYieldRisk", new ScoringModel(AssessCropYieldRiskTool.class,
        "crop yield risk score 0–100, level, factors, recommendations",
        "crop type, season, farm size, credit score", "static crop/season weights; no weather, yield history or insurance data"));
    MODELS.put("analyzeMarketPriceImpact", new ScoringModel(AnalyzeMarketPriceImpactTool.class,
        "exposure, estimated impact, adverse flag, impact level, per-borrower breakdown",
        "commodity, signed price change, farm types and incomes of the visible borrowers",
        "exposure = Active loan amounts by farm type, impact with a fixed 0.3 pass-through; no hedging, basis or borrower-level elasticity"));
    MODELS.put("analyzePaymentPatterns", new ScoringModel(AnalyzePaymentPatternsTool.class,
        "on-time percent, days late, seasonality, reliability label", "the borrower's payments",
        "descriptive statistics of recorded payments only"));
    MODELS.put("forecastEquipmentMaintenance", new ScoringModel(ForecastEquipmentMaintenanceTool.class,
        "annual maintenance cost per item and in total, priority", "equipment type, purchase year and price, condition",
        "rule of thumb cost curve capped at 15% of price; no usage hours or dealer data"));
    MODELS.put("getRefinancingOptions", new ScoringModel(GetRefinancingOptionsTool.class,
        "options with new rate, term, payment, monthly and total interest change",
        "loan amount, rate, term, start date (amortised balance)",
        "fixed option grid; closing costs a flat 2% of the balance; pricing is illustrative, not an offer"));
    MODELS.put("recommendLoanRestructuring", new ScoringModel(RecommendLoanRestructuringTool.class,
        "term extension, rate reduction and hybrid options, pros/cons, recommended option",
        "loan amount, rate, term, start date, restructuring goal",
        "deterministic comparison of three options; the recommendation follows the stated goal only"));
  }

  static String render() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Model inventory\n\n")
        .append("Generated from code by `infra/src/test/java/io/loanofficer/infra/ModelInventoryTest.java` ")
        .append("(`-Dmodel-inventory.write=true` regenerates it; the test fails when code and document disagree). ")
        .append("Scope: every quantitative method whose output informs a lending decision, as the 2026 interagency ")
        .append("model risk management guidance (which replaced SR 11-7) asks an institution to inventory, plus the ")
        .append("language model that composes answers. The tools inform the officer; they do not approve, deny or ")
        .append("price credit. Formulas: `../../shared/lending-domain.md` (section \"Tools\") and ")
        .append("`tool-decisions.md` (interpretation choices).\n\n")
        .append("## Scoring tools (quantitative models)\n\n")
        .append("| model | version | implementation | output | inputs (arguments; data) | formula | limits |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, ScoringModel> e : MODELS.entrySet()) {
      ToolSpec spec = ToolCatalogue.find(e.getKey()).orElseThrow(() -> new IllegalStateException(e.getKey()));
      ScoringModel m = e.getValue();
      String arguments = spec.parameters().isEmpty() ? (spec.portfolioWide() ? "(caller's portfolio)" : "-")
          : spec.parameters().stream().map(ModelInventoryTest::parameter).collect(Collectors.joining(", "));
      md.append("| `").append(spec.name()).append("` | ").append(spec.version()).append(" | `")
          .append(m.implementation().getSimpleName()).append("` | ").append(m.output()).append(" | ")
          .append(arguments).append("; ").append(m.inputs()).append(" | lending-domain.md, `").append(spec.name())
          .append("` | ").append(m.limits()).append(" |\n");
    }
    List<String> lookups = ToolCatalogue.ALL.stream().map(ToolSpec::name).filter(n -> !MODELS.containsKey(n)).toList();
    md.append("\nNot models (data look-ups, no estimate): ")
        .append(lookups.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "))).append(".\n\n");

    Properties yml = orchestratorDefaults();
    md.append("## Language models (answer composition, tool selection)\n\n")
        .append("| model | when | configuration | controls |\n|---|---|---|---|\n")
        .append("| `").append(OfflinePlanner.MODEL_NAME).append("` | default (no `OPENAI_API_KEY`) | ")
        .append("deterministic: rule-based input screen, multinomial logistic-regression intent classifier, ")
        .append("template answers (`docs/offline-planner.md`); routing evaluation `infra/eval-routing.sh` | ")
        .append("guardrails (`docs/guardrails.md`); answers only from tool results |\n")
        .append("| OpenAI-compatible chat model `").append(yml.getProperty("model")).append("` | `OPENAI_API_KEY` set | ")
        .append("base URL `").append(yml.getProperty("base-url")).append("`, temperature ")
        .append(yml.getProperty("temperature")).append(", request timeout ").append(yml.getProperty("request-timeout"))
        .append(", max retries ").append(yml.getProperty("max-retries"))
        .append("; system prompt `openai.SystemPrompt`; tools offered: the catalogue (")
        .append(ToolCatalogue.ALL.size()).append(") | same guardrails; tool results as delimited data; every call audited ")
        .append("(`ModelInvoked`: model requested and the version the server says served it, prompt digest, ")
        .append("messages, decision, tokens, duration) |\n");
    return md.toString();
  }

  private static String parameter(ToolParameter p) {
    return "`" + p.name() + "`" + (p.required() ? "" : " (optional)");
  }

  /** The {@code openai:} defaults of orchestrator.yml (the value after {@code :} in {@code ${VAR:default}}). */
  private static Properties orchestratorDefaults() throws IOException {
    Properties p = new Properties();
    String yml;
    try (InputStream in = ModelInventoryTest.class.getClassLoader().getResourceAsStream("orchestrator.yml")) {
      yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean inOpenAi = false;
    for (String line : yml.split("\n")) {
      if (!line.startsWith(" ")) {
        inOpenAi = line.startsWith("openai:");
        continue;
      }
      if (inOpenAi && line.contains(":")) {
        String key = line.trim().substring(0, line.trim().indexOf(':'));
        String value = line.trim().substring(line.trim().indexOf(':') + 1).trim();
        if (value.startsWith("${") && value.endsWith("}")) {
          value = value.substring(value.indexOf(':') + 1, value.length() - 1);
        }
        p.setProperty(key, value);
      }
    }
    return p;
  }

  @Test
  void theInventoryDocumentMatchesTheCode() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("model-inventory.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("%s is missing: regenerate it with -Dmodel-inventory.write=true", DOC).exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("%s differs from the code: regenerate it with -Dmodel-inventory.write=true and review the diff", DOC)
        .isEqualTo(expected);
    assertThat(MODELS.keySet()).allSatisfy(name -> assertThat(ToolCatalogue.find(name)).isPresent());
  }
}
