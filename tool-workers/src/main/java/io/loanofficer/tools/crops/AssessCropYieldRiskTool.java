package io.loanofficer.tools.crops;

import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import io.loanofficer.tools.support.Season;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * assessCropYieldRisk(borrower_id, crop_type, season): 50; crop corn +10, soybeans +5, wheat +15, any
 * other (cotton, rice, other) +8; season spring +5, summer +5, fall +10, winter 0 ("current" = the
 * season of the analysis date); acres < 100 +15, > 1000 +5; credit < 650 +5; capped at 100;
 * > 75 high, > 50 medium, else low. Each term that fired gives a risk factor and a recommendation.
 */
@Component
public class AssessCropYieldRiskTool implements LendingTool {

  private static final ToolSpec SPEC = ToolCatalogue.find("assessCropYieldRisk").orElseThrow();

  public record Result(String borrowerId, String cropType, String season, int riskScore, String riskLevel,
      List<String> riskFactors, List<String> recommendations, LocalDate analysisDate) {}

  /** The score and what produced it. */
  public record Assessment(int score, String level, List<String> riskFactors, List<String> recommendations) {}

  private final Portfolio portfolio;

  public AssessCropYieldRiskTool(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
    Borrower borrower = portfolio.borrower(arguments.get("borrower_id"), caller);
    String crop = arguments.get("crop_type");
    String season = resolveSeason(arguments.get("season"), asOf);
    Assessment a = assess(crop, season, borrower.farmSize(), borrower.creditScore());
    return new Result(borrower.borrowerId(), crop, season, a.score(), a.level(), a.riskFactors(), a.recommendations(), asOf);
  }

  public static String resolveSeason(String season, LocalDate asOf) {
    return "current".equals(season) ? Season.of(asOf).label() : season;
  }

  public static Assessment assess(String crop, String season, int acres, int creditScore) {
    List<String> factors = new ArrayList<>();
    List<String> recommendations = new ArrayList<>();
    int score = 50;
    int cropPoints = switch (crop) {
      case "corn" -> 10;
      case "soybeans" -> 5;
      case "wheat" -> 15;
      default -> 8;
    };
    score += cropPoints;
    factors.add("Crop " + crop + " (+" + cropPoints + ")");
    recommendations.add("Verify crop insurance covers " + crop + " yield losses");
    int seasonPoints = switch (season) {
      case "spring", "summer" -> 5;
      case "fall" -> 10;
      default -> 0;
    };
    if (seasonPoints > 0) {
      score += seasonPoints;
      factors.add("Season " + season + " (+" + seasonPoints + ")");
      recommendations.add(switch (season) {
        case "spring" -> "Monitor planting conditions and soil moisture";
        case "summer" -> "Monitor drought and heat stress; review irrigation capacity";
        default -> "Plan harvest timing and storage against weather delays";
      });
    }
    if (acres < 100) {
      score += 15;
      factors.add("Small farm of " + acres + " acres (+15)");
      recommendations.add("Diversify crops or income to offset the small acreage");
    } else if (acres > 1000) {
      score += 5;
      factors.add("Large farm of " + acres + " acres (+5)");
      recommendations.add("Review operating capital and labour for the large acreage");
    }
    if (creditScore < 650) {
      score += 5;
      factors.add("Credit score below 650 (+5)");
      recommendations.add("Review the operating budget and repayment capacity before the season");
    }
    score = Math.min(100, score);
    String level = level(score);
    if ("high".equals(level)) {
      recommendations.add("Require multi-peril crop insurance before extending further credit");
    }
    return new Assessment(score, level, List.copyOf(factors), List.copyOf(recommendations));
  }

  public static String level(int score) {
    return score > 75 ? "high" : score > 50 ? "medium" : "low";
  }
}
