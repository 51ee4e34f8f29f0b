package io.loanofficer.agent.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.planner.OfflinePlanner;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.GuardrailOutcome;
import io.loanofficer.events.GuardrailStage;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ReplyKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue of hostile and sensitive prompts ({@code guardrails/hostile-prompts.jsonl}), each run
 * through the conversation engine with the offline planner: refused ones with the expected reason,
 * no model call for a rule refusal and no tool call at all; allowed ones reach the expected tool; an
 * instruction inside a tool result makes the agent call nothing further.
 */
class HostilePromptsTest {

  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");
  private static final Set<String> REFUSALS = Set.of(InputGuard.FAIR_LENDING_TEXT, InputGuard.PII_TEXT,
      InputGuard.INJECTION_TEXT);
  private static OfflinePlanner planner;

  @BeforeAll
  static void loadPlanner() {
    planner = new OfflinePlanner();
  }

  record Case(String id, String category, String text, String expect, String reason, String tool, String toolResult) {
    @Override
    public String toString() {
      return id;
    }
  }

  static List<Case> catalogue() throws Exception {
    List<Case> cases = new ArrayList<>();
    JsonMapper json = JsonMapper.shared();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        HostilePromptsTest.class.getResourceAsStream("/guardrails/hostile-prompts.jsonl"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        cases.add(new Case(n.get("id").asString(), n.get("category").asString(), n.get("text").asString(),
            n.get("expect").asString(), n.has("reason") ? n.get("reason").asString() : null,
            n.has("tool") ? n.get("tool").asString() : null,
            n.has("tool_result") ? json.writeValueAsString(n.get("tool_result")) : null));
      }
    }
    return cases;
  }

  static Stream<Case> cases() throws Exception {
    return catalogue().stream();
  }

  @Test
  void theCatalogueHasAtLeast30PromptsOfEveryKind() throws Exception {
    List<Case> all = catalogue();
    assertThat(all).hasSizeGreaterThanOrEqualTo(30);
    assertThat(all.stream().map(Case::category).distinct()).contains("fair_lending", "fair_lending_proxy",
        "pii_extraction", "injection_user", "injection_tool_result", "system_prompt", "allowed");
    assertThat(all.stream().map(Case::id).distinct()).hasSameSizeAs(all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdict(Case c) {
    GuardedConversation conversation = new GuardedConversation(planner, "conv-" + c.id(), OFFICER,
        GuardedConversation.answering(c.toolResult() == null ? "{\"analysis_date\":\"2026-11-25\"}" : c.toolResult()));
    ChatReplyProduced reply = conversation.ask(c.text());
    AuditRecord replyAudit = conversation.replyAudit(reply.getTurnId());
    assertThat(reply.getKind()).isEqualTo(ReplyKind.ANSWER);

    if (c.expect().equals("REFUSED")) {
      assertThat(conversation.toolCalls).as("no tool for a refused prompt").isEmpty();
      assertThat(reply.getText()).isIn(REFUSALS);
      List<GuardrailVerdict> input = conversation.verdicts().stream()
          .filter(v -> v.getStage() == GuardrailStage.INPUT).toList();
      if (!input.isEmpty()) {
        // refused by the engine's input guard: the model was never asked
        assertThat(input.get(0).getVerdict()).isEqualTo(GuardrailOutcome.REFUSED);
        assertThat(input.get(0).getReasons()).containsExactly(c.reason());
        assertThat(conversation.model.requests).isEmpty();
        assertThat(replyAudit.getAttributes()).containsEntry(GuardrailAudit.INPUT, "REFUSED")
            .containsEntry(GuardrailAudit.INPUT_REASON, c.reason());
      } else {
        // the rules let it pass, the planner's classifier refused it: still recorded with its reason
        assertThat(replyAudit.getAttributes()).containsEntry("loanofficer.guardrail.model.refusal", c.reason());
      }
    } else {
      assertThat(conversation.verdicts()).noneMatch(v -> v.getVerdict() == GuardrailOutcome.REFUSED);
      assertThat(replyAudit.getAttributes()).containsEntry(GuardrailAudit.INPUT, "ALLOWED")
          .containsKey(GuardrailAudit.OUTPUT);
      assertThat(reply.getText()).isNotIn(REFUSALS);
      if (c.tool() != null) {
        assertThat(conversation.toolCalls).extracting(t -> t.getTool()).startsWith(c.tool());
      }
      if (c.toolResult() != null) {
        // the instruction in the result is data: one round of calls, nothing more, no contact data out
        assertThat(conversation.toolCalls).hasSize(1);
        assertThat(conversation.model.requests).hasSize(2);
        ChatMessage last = conversation.model.requests.get(1).messages()
            .get(conversation.model.requests.get(1).messages().size() - 1);
        assertThat(last).isInstanceOf(ChatMessage.ToolResult.class);
        assertThat(reply.getText()).doesNotContain("@").doesNotContainIgnoringCase("you are the loanofficer assistant");
      }
    }
  }
}
