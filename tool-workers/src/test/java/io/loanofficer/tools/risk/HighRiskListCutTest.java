package io.loanofficer.tools.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.seed.SampleDataGenerator;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A whole bank's high-risk list lists its top {@value GetHighRiskFarmersTool#LISTED_AT_MOST} and says
 * that it is cut: on 1,500 generated borrowers in a database of its own, checked against each
 * borrower scored from its own rows (the single-borrower path, not the list's summed totals).
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:highriskcut;MODE=MSSQLServer;"
    + "DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
class HighRiskListCutTest extends ToolTestSupport {

  @Autowired
  private JdbcTemplate jdbc;

  @Autowired
  private Portfolio portfolio;

  @Autowired
  private BorrowerFactsLoader facts;

  @BeforeEach
  void generateOnce() {
    if (jdbc.queryForObject("SELECT COUNT(*) FROM borrower", Integer.class) < 1_000) {
      new SampleDataGenerator(jdbc).generate(SampleDataGenerator.Options.of(1_500, 42));
    }
  }

  @Test
  void theAnalystsListKeepsTheTopHundredAndCountsAll() {
    List<GetHighRiskFarmersTool.Farmer> expected = portfolio.visibleBorrowers(ANALYST).stream()
        .map(b -> GetHighRiskFarmersTool.assess(facts.of(b)))
        .filter(f -> f.riskPoints() >= 40)
        .sorted(Comparator.comparingInt(GetHighRiskFarmersTool.Farmer::riskPoints).reversed()
            .thenComparing(GetHighRiskFarmersTool.Farmer::borrowerId))
        .toList();
    assertThat(expected).hasSizeGreaterThan(100);

    JsonNode r = ok("getHighRiskFarmers", "{}", ANALYST);
    assertThat(r.get("count").asInt()).isEqualTo(expected.size());
    assertThat(texts(r.get("farmers"), "borrower_id"))
        .containsExactlyElementsOf(expected.subList(0, 100).stream().map(GetHighRiskFarmersTool.Farmer::borrowerId).toList());
    assertThat(r.get("farmers").get(99).get("risk_points").asInt()).isEqualTo(expected.get(99).riskPoints());
    JsonNode page = r.get("page");
    assertThat(page.get("field").asString()).isEqualTo("farmers");
    assertThat(page.get("returned").asInt()).isEqualTo(100);
    assertThat(page.get("total").asInt()).isEqualTo(expected.size());
    assertThat(page.get("complete").asBoolean()).isFalse();
  }
}
