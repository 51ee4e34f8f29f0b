package io.loanofficer.tools.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.pii.PiiKind;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolException;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.testing.ToolTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A token goes back to its value only for the officer whose borrower it is, in the conversation it
 * was issued in. The tokens come from a real tool result (getBorrowerDetails on the seeded data).
 */
class PiiRevealerTest extends ToolTestSupport {

  @Autowired
  private PiiRevealer revealer;

  @Autowired
  private Portfolio portfolio;

  @Autowired
  private PiiTokenizer tokenizer;

  @Autowired
  private DisclosureLog disclosures;

  private JsonNode details(String borrowerId, Caller caller, String conversation) {
    ToolResult r = runner.run("getBorrowerDetails", "{\"borrower_id\":\"" + borrowerId + "\"}", caller, conversation);
    assertThat(r.outcome()).isEqualTo(ToolOutcome.OK);
    return ToolRunner.RESULT_JSON.readTree(r.resultJson());
  }

  @Test
  void theOfficerOfTheBorrowerSeesTheSeededValues() {
    JsonNode b001 = details("B001", OFFICER_1, "conv-r");
    assertThat(revealer.reveal(OFFICER_1, "conv-r", b001.get("email").asString()))
        .isEqualTo(new PiiRevealer.Revealed(PiiKind.EMAIL, "john.doe@example.com", "B001"));
    assertThat(revealer.reveal(OFFICER_1, "conv-r", b001.get("phone").asString()))
        .isEqualTo(new PiiRevealer.Revealed(PiiKind.PHONE, "555-0101", "B001"));
    assertThat(revealer.reveal(OFFICER_1, "conv-r", b001.get("address").asString()))
        .isEqualTo(new PiiRevealer.Revealed(PiiKind.ADDRESS, "101 Prairie Road, Cedar Falls", "B001"));
  }

  @Test
  void aTokenIsBoundToItsConversation() {
    String email = details("B002", OFFICER_1, "conv-r").get("email").asString();
    assertOutcome(() -> revealer.reveal(OFFICER_1, "another-conversation", email), ToolOutcome.NOT_FOUND);
  }

  @Test
  void anotherOfficerGetsNotFoundNotForbidden() {
    // the same answer as for a made-up token: a reveal cannot tell whose borrower a token belongs to
    String email = details("B001", OFFICER_1, "conv-r").get("email").asString();
    assertOutcome(() -> revealer.reveal(OFFICER_2, "conv-r", email), ToolOutcome.NOT_FOUND);
    assertOutcome(() -> revealer.reveal(OFFICER_1, "conv-r", "[EMAIL_000000]"), ToolOutcome.NOT_FOUND);
  }

  @Test
  void rolesWithoutARevealRightAreForbiddenWhateverTheyCanRead() {
    // the analyst reads B012's details, but reads them as tokens only
    String email = details("B012", ANALYST, "conv-a").get("email").asString();
    assertOutcome(() -> revealer.reveal(ANALYST, "conv-a", email), ToolOutcome.FORBIDDEN);
    assertOutcome(() -> revealer.reveal(EXAMINER, "conv-a", email), ToolOutcome.FORBIDDEN);
    assertOutcome(() -> revealer.reveal(ADMIN, "conv-a", email), ToolOutcome.FORBIDDEN);
    // no role reveals tax ids or account numbers
    assertOutcome(() -> revealer.reveal(OFFICER_1, "conv-a", "[TAX_ID_abcdef]"), ToolOutcome.FORBIDDEN);
  }

  @Test
  void anOfficerWhoIsAlsoAnAnalystRevealsOnlyTheirOwnPortfolio() {
    Caller both = new Caller("officer-1", Set.of("LOAN_OFFICER", "CREDIT_ANALYST"), "officer-1");
    String other = details("B006", both, "conv-b").get("email").asString();
    assertOutcome(() -> revealer.reveal(both, "conv-b", other), ToolOutcome.NOT_FOUND);
    String own = details("B003", both, "conv-b").get("email").asString();
    assertThat(revealer.reveal(both, "conv-b", own).value()).isEqualTo("alice.johnson@example.com");
  }

  @Test
  void malformedTokensAndDlpMarkersAreInvalid() {
    for (String text : new String[] {"john.doe@example.com", "[EMAIL_REDACTED]", "[EMAIL_ABCDEF]", "[NAME_abcdef]",
        " [EMAIL_abcdef]", "[EMAIL_abcdef] ", "", null}) {
      assertOutcome(() -> revealer.reveal(OFFICER_1, "conv-r", text), ToolOutcome.INVALID_ARGUMENT);
    }
    assertOutcome(() -> revealer.reveal(OFFICER_1, " ", "[EMAIL_abcdef]"), ToolOutcome.INVALID_ARGUMENT);
  }

  @Test
  void everyReleasedValueIsADisclosureAndTheLimitCountsThem() {
    // a user of their own, so that other tests' reveals do not count
    Caller officer = new Caller("officer-1-disclosures", Set.of("LOAN_OFFICER"), "officer-1");
    PiiRevealer limited = new PiiRevealer(portfolio, tokenizer, disclosures, 2);
    JsonNode b004 = details("B004", officer, "conv-d");
    int before = disclosures.ofBorrower("B004").size();

    assertThat(limited.reveal(officer, "conv-d", b004.get("email").asString()).value()).isEqualTo("bob.brown@example.com");
    // refusals release nothing and count nothing
    assertOutcome(() -> limited.reveal(officer, "conv-d", "[EMAIL_000000]"), ToolOutcome.NOT_FOUND);
    assertThat(limited.reveal(officer, "conv-d", b004.get("phone").asString()).value()).isEqualTo("555-0104");
    assertThatThrownBy(() -> limited.reveal(officer, "conv-d", b004.get("address").asString()))
        .isInstanceOf(RevealLimitExceeded.class);

    List<DisclosureLog.Disclosure> rows = disclosures.ofBorrower("B004");
    assertThat(rows).hasSize(before + 2);
    assertThat(rows.subList(before, before + 2)).extracting(DisclosureLog.Disclosure::userId,
            DisclosureLog.Disclosure::conversationId, DisclosureLog.Disclosure::kind, DisclosureLog.Disclosure::token)
        .containsExactly(
            tuple("officer-1-disclosures", "conv-d", PiiKind.EMAIL, b004.get("email").asString()),
            tuple("officer-1-disclosures", "conv-d", PiiKind.PHONE, b004.get("phone").asString()));
    assertThat(disclosures.countRecent("officer-1-disclosures", Duration.ofHours(1))).isEqualTo(2);
    assertThat(rows.toString()).doesNotContain("bob.brown@example.com", "555-0104");
  }

  private static void assertOutcome(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ToolOutcome expected) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ToolException.class,
        e -> assertThat(e.outcome()).as(e.getMessage()).isEqualTo(expected));
  }
}
