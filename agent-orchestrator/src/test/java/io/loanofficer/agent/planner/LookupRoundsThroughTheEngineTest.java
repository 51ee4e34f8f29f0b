package io.loanofficer.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.guardrails.GuardedConversation;
import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The planner's look-up rounds through the conversation engine: a named borrower's collateral is three
 * rounds of one turn (findBorrowers, getLoansByBorrower, the sufficiency check) with distinct call ids
 * and one final reply, and the next turn's "her" is that borrower, read from the transcript.
 */
class LookupRoundsThroughTheEngineTest {

  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");

  private static final Map<String, String> RESULTS = Map.of(
      "findBorrowers", "{\"name\":\"Jane Smith\",\"status\":\"FOUND\",\"candidates\":[{\"borrower_id\":\"B002\","
          + "\"borrower_name\":\"Jane Smith\",\"farm_type\":\"Livestock\"}],\"count\":1,\"analysis_date\":\"2026-11-25\"}",
      "getLoansByBorrower", "{\"borrower_id\":\"B002\",\"borrower_name\":\"Jane Smith\",\"loans\":[{\"loan_id\":\"L002\","
          + "\"loan_amount\":30000,\"interest_rate\":4.0,\"term_months\":36,\"start_date\":\"2024-06-15\",\"status\":"
          + "\"Active\",\"loan_type\":\"Equipment\"}],\"count\":1,\"analysis_date\":\"2026-11-25\"}",
      "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\",\"loan_amount\":30000.00,\"total_collateral_value\":"
          + "35000.00,\"ltv\":0.86,\"sufficient\":false,\"reason\":\"LTV_AT_OR_ABOVE_0.80\",\"analysis_date\":\"2026-11-25\"}",
      "getBorrowerDefaultRisk", "{\"borrower_id\":\"B002\",\"analysis_date\":\"2026-11-25\"}");

  private static final Function<ToolCallRequested, ToolCallCompleted> TOOLS = call -> ToolCallCompleted.newBuilder()
      .setEventId("r-" + call.getCallId()).setConversationId(call.getConversationId()).setTurnId(call.getTurnId())
      .setCallId(call.getCallId()).setTool(call.getTool()).setToolVersion("1").setOutcome(ToolOutcome.OK)
      .setResultJson(RESULTS.get(call.getTool())).setWorkerId("w-test").setDurationMicros(10)
      .setTraceId(call.getTraceId()).setCompletedAt(GuardedConversation.NOW).build();

  @Test
  void aNamedBorrowersCollateralTakesThreeRoundsOfOneTurn() {
    GuardedConversation conversation = new GuardedConversation(new OfflinePlanner(), "conv-lookups", OFFICER, TOOLS);
    ChatReplyProduced reply = conversation.ask("Is Jane Smith's collateral sufficient?");

    assertThat(conversation.toolCalls).extracting(ToolCallRequested::getTool)
        .containsExactly("findBorrowers", "getLoansByBorrower", "evaluateCollateralSufficiency");
    assertThat(conversation.toolCalls).extracting(ToolCallRequested::getCallId)
        .containsExactly("t-1/call-1", "t-1/call-2", "t-1/call-3");
    assertThat(conversation.toolCalls).extracting(ToolCallRequested::getArgumentsJson).containsExactly(
        "{\"name\":\"Jane Smith\"}", "{\"borrower_id\":\"B002\"}", "{\"loan_id\":\"L002\"}");
    assertThat(conversation.model.requests).hasSize(4); // the question, then after each of the three rounds
    assertThat(reply.getText()).contains("L002").contains("0.86").doesNotContain("Which borrower");

    conversation.ask("And what's her default risk?");
    assertThat(conversation.toolCalls.get(3).getTool()).isEqualTo("getBorrowerDefaultRisk");
    assertThat(conversation.toolCalls.get(3).getArgumentsJson()).isEqualTo("{\"borrower_id\":\"B002\"}");
  }
}
