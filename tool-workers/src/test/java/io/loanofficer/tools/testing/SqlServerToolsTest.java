package io.loanofficer.tools.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import tools.jackson.databind.JsonNode;

/**
 * The SQL Server migrations and seed on a real SQL Server (Testcontainers), with a few of the tools'
 * figures. Needs a Docker engine: without one Testcontainers disables the class ("disabledWithoutDocker is
 * true and Docker is not available"); its probe answers in about 0.1 s on a machine without Docker, and
 * infra/test.sh lists the reason with the other skips.
 */
@Testcontainers(disabledWithoutDocker = true)
class SqlServerToolsTest extends ToolTestSupport {

  @Container
  static final MSSQLServerContainer SQL_SERVER =
      new MSSQLServerContainer("mcr.microsoft.com/mssql/server:2022-latest").acceptLicense();

  @DynamicPropertySource
  static void sqlServer(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SQL_SERVER.getJdbcUrl() + ";trustServerCertificate=true");
    registry.add("spring.datasource.username", SQL_SERVER::getUsername);
    registry.add("spring.datasource.password", SQL_SERVER::getPassword);
  }

  @Test
  void migratedAndSeededThroughTheSqlServerScripts() {
    assertThat(ok("getLoanSummary", "{}", ANALYST).get("total_loans").asInt()).isEqualTo(12);
  }

  @Test
  void collateralLtvOfL002() {
    JsonNode r = ok("evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}", ANALYST);
    assertNumber(r.get("ltv"), "0.86");
    assertThat(r.get("sufficient").asBoolean()).isFalse();
  }

  @Test
  void defaultRiskOfB001() {
    JsonNode r = ok("getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}", OFFICER_1);
    assertNumber(r.get("risk_score"), "0.26");
    assertThat(r.get("risk_category").asString()).isEqualTo("Low");
  }

  @Test
  void highRiskFarmers() {
    JsonNode farmers = ok("getHighRiskFarmers", "{}", ANALYST).get("farmers");
    assertThat(texts(farmers, "borrower_id")).containsExactly("B011", "B012", "B005", "B009");
  }
}
