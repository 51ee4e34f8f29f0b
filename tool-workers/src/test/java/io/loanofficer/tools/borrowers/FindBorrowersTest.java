package io.loanofficer.tools.borrowers;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.text.NameMatch;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * findBorrowers on the sample data (officer-1: B001-B005 and B011; officer-2: B006-B010 and B012).
 * Expected candidates worked out by hand from the names in lending-domain.md and the matching rule.
 */
class FindBorrowersTest extends ToolTestSupport {

  private JsonNode find(String name, io.loanofficer.tools.Caller caller) {
    return ok("findBorrowers", "{\"name\":\"" + name + "\"}", caller);
  }

  private static List<String> ids(JsonNode r) {
    return texts(r.get("candidates"), "borrower_id");
  }

  @Test
  void fullNameIsFound() {
    JsonNode r = find("John Doe", OFFICER_1);
    assertThat(r.get("status").asString()).isEqualTo("FOUND");
    assertThat(r.get("count").asInt()).isEqualTo(1);
    assertThat(r.get("name").asString()).isEqualTo("John Doe");
    JsonNode c = r.get("candidates").get(0);
    assertThat(c.get("borrower_id").asString()).isEqualTo("B001");
    assertThat(c.get("borrower_name").asString()).isEqualTo("John Doe");
    assertThat(c.get("farm_type").asString()).isEqualTo("Crop");
    assertThat(c.propertyNames()).containsExactlyInAnyOrder("borrower_id", "borrower_name", "farm_type");
  }

  @Test
  void caseAccentsAndWordOrderDoNotMatter() {
    assertThat(ids(find("jane smith", OFFICER_1))).containsExactly("B002");
    assertThat(ids(find("Jöhn DÖE", ANALYST))).containsExactly("B001");
    assertThat(ids(find("Davis, Charlie", ANALYST))).containsExactly("B005");
  }

  @Test
  void oneTypoOrAPrefixPerWord() {
    assertThat(ids(find("Jon Doe", ANALYST))).containsExactly("B001");    // jon → john (1 insertion)
    assertThat(ids(find("Smyth", ANALYST))).containsExactly("B002");      // 1 substitution
    assertThat(ids(find("Laura Müller", ANALYST))).containsExactly("B012"); // muller → miller
    assertThat(ids(find("Kevni Lopez", ANALYST))).containsExactly("B011"); // swapped neighbours
    JsonNode prefix = find("Joh", ANALYST);                                // John Doe, Alice Johnson
    assertThat(prefix.get("status").asString()).isEqualTo("AMBIGUOUS");
    assertThat(ids(prefix)).containsExactly("B001", "B003");
  }

  @Test
  void exactMatchesWinOverCloseOnes() {
    // "johnson" is exactly Alice Johnson's last name; John Doe is not a candidate
    assertThat(ids(find("Johnson", ANALYST))).containsExactly("B003");
    // both words exact on Ivy Jones only; Henry Ivy matches one word
    assertThat(ids(find("Ivy Jones", ANALYST))).containsExactly("B010");
  }

  @Test
  void aNameSeveralBorrowersShareIsAmbiguousWithItsCandidates() {
    JsonNode r = find("Ivy", ANALYST); // Henry Ivy (last name), Ivy Jones (first name)
    assertThat(r.get("status").asString()).isEqualTo("AMBIGUOUS");
    assertThat(r.get("count").asInt()).isEqualTo(2);
    assertThat(ids(r)).containsExactly("B009", "B010");
    assertThat(texts(r.get("candidates"), "borrower_name")).containsExactly("Henry Ivy", "Ivy Jones");
    assertThat(ids(find("ivy", OFFICER_2))).containsExactly("B009", "B010");
  }

  @Test
  void scopedByEntitlement() {
    // both Ivys are officer-2's: officer-1 searches only their own borrowers
    failed("findBorrowers", "{\"name\":\"Ivy\"}", OFFICER_1, ToolOutcome.NOT_FOUND);
    ToolResult other = failed("findBorrowers", "{\"name\":\"John Doe\"}", OFFICER_2, ToolOutcome.NOT_FOUND);
    assertThat(other.errorMessage()).doesNotContainIgnoringCase("john").doesNotContainIgnoringCase("doe");
    assertThat(ids(find("John Doe", ADMIN))).containsExactly("B001");
    failed("findBorrowers", "{\"name\":\"John Doe\"}", EXAMINER, ToolOutcome.FORBIDDEN);
  }

  @Test
  void noMatchIsNotFoundAndBadNamesAreInvalid() {
    failed("findBorrowers", "{\"name\":\"Zed Quux\"}", ANALYST, ToolOutcome.NOT_FOUND);
    failed("findBorrowers", "{\"name\":\"Jo\"}", ANALYST, ToolOutcome.NOT_FOUND); // 2 letters: exact words only
    failed("findBorrowers", "{\"name\":\"!!!\"}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
    failed("findBorrowers", "{\"name\":\"  \"}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
    failed("findBorrowers", "{}", ANALYST, ToolOutcome.INVALID_ARGUMENT);
  }

  @Test
  void matchingRule() {
    assertThat(NameMatch.words("Jöhn O'Dóe-Smith")).containsExactly("john", "odoe", "smith");
    assertThat(NameMatch.grade(List.of("doe", "john"), "John", "Doe")).isEqualTo(NameMatch.Grade.EXACT);
    assertThat(NameMatch.grade(List.of("jon"), "John", "Doe")).isEqualTo(NameMatch.Grade.CLOSE);
    // each typed word needs its own name word
    assertThat(NameMatch.grade(List.of("john", "john"), "John", "Doe")).isEqualTo(NameMatch.Grade.NONE);
    assertThat(NameMatch.grade(List.of("jane"), "John", "Doe")).isEqualTo(NameMatch.Grade.NONE);
  }
}
