package io.loanofficer.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultPagerTest {

  private static final JsonMapper JSON = JsonMapper.shared();

  @Test
  void aResultWithinTheLimitIsUntouched() {
    String small = "{\"loans\":[{\"loan_id\":\"L001\"}],\"count\":1}";
    assertThat(ResultPager.fit(JSON, small, 1000)).isEqualTo(small);
  }

  @Test
  void aTooLargeListKeepsTheItemsThatFitAndSaysItIsIncomplete() {
    StringBuilder loans = new StringBuilder();
    for (int i = 1; i <= 100; i++) {
      loans.append(i > 1 ? "," : "").append("{\"loan_id\":\"L").append(String.format("%03d", i)).append("\"}");
    }
    String large = "{\"loans\":[" + loans + "],\"count\":100,\"total_amount\":123.45}";

    String paged = ResultPager.fit(JSON, large, 400);

    assertThat(paged.length()).isLessThanOrEqualTo(400);
    JsonNode node = JSON.readTree(paged);
    int returned = node.get("page").get("returned").asInt();
    assertThat(node.get("loans")).hasSize(returned);
    assertThat(returned).isBetween(10, 20);
    assertThat(node.get("loans").get(0).get("loan_id").asString()).isEqualTo("L001");
    assertThat(node.get("page").get("total").asInt()).isEqualTo(100);
    assertThat(node.get("page").get("field").asString()).isEqualTo("loans");
    assertThat(node.get("page").get("complete").asBoolean()).isFalse();
    assertThat(node.get("count").asInt()).as("figures of the whole result stay").isEqualTo(100);
    // one more item would not have fitted
    assertThat(paged.length() + 18).isGreaterThan(400);
  }

  @Test
  void aTooLargeResultWithoutAListIsRefused() {
    String noList = "{\"text\":\"" + "x".repeat(500) + "\"}";
    assertThat(ResultPager.fit(JSON, noList, 100)).isNull();
  }
}
