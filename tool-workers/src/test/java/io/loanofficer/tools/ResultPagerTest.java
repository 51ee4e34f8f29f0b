package io.loanofficer.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
  void thePageIsTheOneBisectionFinds() {
    // items of uneven lengths, with a count that crosses 9 -> 10 and 99 -> 100 (the "returned" digits)
    Random random = new Random(3);
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      items.append(i > 0 ? "," : "").append("{\"id\":\"B").append(i).append("\",\"text\":\"")
          .append("x".repeat(random.nextInt(40))).append("\",\"points\":").append(random.nextInt(200)).append('}');
    }
    String large = "{\"count\":150,\"farmers\":[" + items + "],\"note\":\"after the list\"}";
    ObjectNode object = (ObjectNode) JSON.readTree(large);
    List<JsonNode> all = new ArrayList<>();
    object.get("farmers").forEach(all::add);
    int checked = 0;
    for (int max = 60; max < large.length() + 10; max += 7) {
      assertThat(ResultPager.fit(JSON, large, max)).as("limit %d", max)
          .isEqualTo(max >= large.length() ? large : ResultPager.search(JSON, object, "farmers", all, max));
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
    assertThat(ResultPager.fit(JSON, large, 60)).as("not even an empty page fits").isNull();
  }

  @Test
  void aTooLargeResultWithoutAListIsRefused() {
    String noList = "{\"text\":\"" + "x".repeat(500) + "\"}";
    assertThat(ResultPager.fit(JSON, noList, 100)).isNull();
  }
}
