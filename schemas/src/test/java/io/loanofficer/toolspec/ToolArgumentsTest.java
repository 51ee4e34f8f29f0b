package io.loanofficer.toolspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

  private static ToolSpec spec(String name) {
    return ToolCatalogue.find(name).orElseThrow();
  }

  @Test
  void catalogueHoldsTheEighteenToolsOfThePoc() {
    assertThat(ToolCatalogue.ALL).hasSize(19);
    assertThat(ToolCatalogue.ALL).extracting(ToolSpec::name).doesNotHaveDuplicates();
  }

  @Test
  void idsAreNormalisedToUpperCaseAndMalformedOnesRefused() {
    assertThat(ToolArguments.validate(spec("getLoanStatus"), Map.of("loan_id", " l002 ")).arguments())
        .containsExactly(Map.entry("loan_id", "L002"));
    assertThat(ToolArguments.validate(spec("getLoanStatus"), Map.of("loan_id", "X1")).problems())
        .containsExactly("argument 'loan_id' is malformed (Loan id such as L001)");
    assertThat(ToolArguments.validate(spec("getLoanStatus"), Map.of("loan_id", "B001")).valid()).isFalse();
  }

  @Test
  void missingAndUnknownArgumentsAreReported() {
    assertThat(ToolArguments.validate(spec("getLoanStatus"), Map.of("borrower_id", "B001")).problems())
        .containsExactly("unknown argument 'borrower_id'", "missing argument 'loan_id'");
  }

  @Test
  void percentChangesAcceptTheDocumentedSpellings() {
    ToolSpec market = spec("analyzeMarketPriceImpact");
    for (String raw : new String[] {"-10%", "-10", "down 10%", "10% down", "decrease 10"}) {
      assertThat(ToolArguments.validate(market, Map.of("commodity", "Corn", "price_change_percent", raw)).arguments())
          .as(raw).containsEntry("price_change_percent", "-10%").containsEntry("commodity", "corn");
    }
    assertThat(ToolArguments.validate(market, Map.of("commodity", "corn", "price_change_percent", "15")).arguments())
        .containsEntry("price_change_percent", "+15%");
    assertThat(ToolArguments.validate(market, Map.of("commodity", "corn", "price_change_percent", "-150%")).valid()).isFalse();
    assertThat(ToolArguments.validate(market, Map.of("commodity", "gold", "price_change_percent", "5%")).valid()).isFalse();
  }

  @Test
  void jsonSchemaShownToTheModelComesFromTheSameSpec() {
    Map<String, Object> schema = ToolCatalogue.jsonSchema(spec("assessCropYieldRisk"));

    assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false);
    assertThat(schema.get("required")).isEqualTo(java.util.List.of("borrower_id", "crop_type", "season"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
    assertThat(properties.get("borrower_id")).containsEntry("pattern", "^B[0-9]+$");
    assertThat(properties.get("season").get("enum"))
        .isEqualTo(java.util.List.of("spring", "summer", "fall", "winter", "current"));
  }
}
