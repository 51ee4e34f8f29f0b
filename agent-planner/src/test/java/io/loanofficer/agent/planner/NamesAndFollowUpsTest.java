package io.loanofficer.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.toolspec.ToolCatalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Borrower names resolved through findBorrowers (two rounds, a question back when a name fits several
 * borrowers), follow-ups over the loans of the borrower being discussed, and the planner's fixes for
 * officers' own words, each step through the planner's conversation as the orchestrator builds it.
 */
class NamesAndFollowUpsTest {

  private static final OfflinePlanner PLANNER = new OfflinePlanner();

  private final List<ChatMessage> history = new ArrayList<>();

  private ModelStep say(String text) {
    history.add(new ChatMessage.UserText(text));
    return next();
  }

  private ModelStep next() {
    return PLANNER.next(new ModelRequest("c", history, ToolCatalogue.ALL));
  }

  /** The calls of the step, then their results (in order), as the next history entries. */
  private ModelStep answer(ModelStep step, String... results) {
    List<ToolInvocation> calls = ((ModelStep.CallTools) step).calls();
    history.add(new ChatMessage.AssistantToolCalls(calls));
    for (int i = 0; i < calls.size(); i++) {
      ToolInvocation c = calls.get(i);
      boolean notFound = results[i].startsWith("NOT_FOUND");
      history.add(new ChatMessage.ToolResult(c.callId(), c.tool(), c.argumentsJson(), notFound ? "NOT_FOUND" : "OK",
          notFound ? "borrower with a matching name in the caller's portfolio not found" : results[i]));
    }
    return next();
  }

  private void replied(ModelStep step) {
    history.add(new ChatMessage.AssistantText(step instanceof ModelStep.Answer a ? a.text() : "..."));
  }

  private static ModelStep.CallTools calls(ToolInvocation... calls) {
    return new ModelStep.CallTools(List.of(calls));
  }

  private static ToolInvocation call(int n, String tool, String args) {
    return new ToolInvocation("call-" + n, tool, args);
  }

  private static String found(String id, String name) {
    return "{\"name\":\"" + name + "\",\"status\":\"FOUND\",\"candidates\":[{\"borrower_id\":\"" + id
        + "\",\"borrower_name\":\"" + name + "\",\"farm_type\":\"Crop\"}],\"count\":1,\"analysis_date\":\"2026-11-25\"}";
  }

  private static final String BOTH_IVYS = "{\"name\":\"Ivy\",\"status\":\"AMBIGUOUS\",\"candidates\":["
      + "{\"borrower_id\":\"B009\",\"borrower_name\":\"Henry Ivy\",\"farm_type\":\"Crop\"},"
      + "{\"borrower_id\":\"B010\",\"borrower_name\":\"Ivy Jones\",\"farm_type\":\"Mixed\"}],\"count\":2,"
      + "\"analysis_date\":\"2026-11-25\"}";

  @Test
  void aNameIsLookedUpThenTheToolIsCalledWithItsId() {
    ModelStep first = say("Show me all loans for John Doe");
    assertThat(first).isEqualTo(calls(call(1, "findBorrowers", "{\"name\":\"John Doe\"}")));
    ModelStep second = answer(first, found("B001", "John Doe"));
    assertThat(second).isEqualTo(calls(call(2, "getLoansByBorrower", "{\"borrower_id\":\"B001\"}")));
    ModelStep done = answer(second, "{\"borrower_id\":\"B001\",\"borrower_name\":\"John Doe\",\"loans\":[],\"count\":0,"
        + "\"analysis_date\":\"2026-11-25\"}");
    assertThat(done).isEqualTo(new ModelStep.Answer("Borrower B001 (John Doe) has no loans."));
  }

  @Test
  void anAmbiguousNameIsAskedAboutAndTheAnswerCompletesTheQuestion() {
    ModelStep first = say("What's the default risk for Ivy?");
    assertThat(first).isEqualTo(calls(call(1, "findBorrowers", "{\"name\":\"Ivy\"}")));
    ModelStep question = answer(first, BOTH_IVYS);
    assertThat(question).isEqualTo(new ModelStep.Answer("Which borrower do you mean by \"Ivy\": B009 (Henry Ivy) "
        + "or B010 (Ivy Jones)? Please give the borrower id or the full name."));
    replied(question);
    assertThat(say("B010")).isEqualTo(calls(call(1, "getBorrowerDefaultRisk", "{\"borrower_id\":\"B010\"}")));
  }

  @Test
  void anUnknownNameIsSaidSo() {
    ModelStep first = say("Analyze payment patterns for Tom Wilson");
    assertThat(first).isEqualTo(calls(call(1, "findBorrowers", "{\"name\":\"Tom Wilson\"}")));
    assertThat(answer(first, "NOT_FOUND")).isEqualTo(new ModelStep.Answer("I found no borrower named \"Tom Wilson\" "
        + "among the borrowers you can see. Please check the name, or give a borrower id such as B001."));
  }

  @Test
  void aNamedBorrowersCropsAskForTheCropThenUseIt() {
    ModelStep first = say("What's the likelihood that Jane Smith's crops will yield below break-even?");
    assertThat(first).isEqualTo(calls(call(1, "findBorrowers", "{\"name\":\"Jane Smith\"}")));
    ModelStep ask = answer(first, found("B002", "Jane Smith"));
    assertThat(ask).isEqualTo(new ModelStep.Answer(FixedReplies.askFor("crop_type")));
    replied(ask);
    ModelStep again = say("wheat");
    assertThat(again).isEqualTo(calls(call(1, "findBorrowers", "{\"name\":\"Jane Smith\"}")));
    assertThat(answer(again, found("B002", "Jane Smith"))).isEqualTo(calls(call(2, "assessCropYieldRisk",
        "{\"borrower_id\":\"B002\",\"crop_type\":\"wheat\",\"season\":\"current\"}")));
  }

  @Test
  void theirCollateralMeansEveryLoanOfTheBorrowerDiscussed() {
    // as the orchestrator shows earlier turns: their calls, results not kept
    history.add(new ChatMessage.UserText("Show me all loans for borrower B001"));
    history.add(new ChatMessage.AssistantToolCalls(List.of(call(1, "getLoansByBorrower", "{\"borrower_id\":\"B001\"}"))));
    history.add(new ChatMessage.ToolResult("call-1", "getLoansByBorrower", "{\"borrower_id\":\"B001\"}", "OK",
        "{\"note\":\"result of an earlier turn, not kept\"}"));
    history.add(new ChatMessage.AssistantText("Borrower B001 (John Doe) has 2 loans: ..."));
    ModelStep risk = say("What's the default risk for this borrower?");
    assertThat(risk).isEqualTo(calls(call(1, "getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}")));
    answer(risk, "{\"borrower_id\":\"B001\",\"risk_score\":0.12}");
    replied(new ModelStep.Answer("..."));
    ModelStep loans = say("Is their collateral sufficient?");
    assertThat(loans).isEqualTo(calls(call(1, "getLoansByBorrower", "{\"borrower_id\":\"B001\"}")));
    ModelStep each = answer(loans, "{\"borrower_id\":\"B001\",\"loans\":[{\"loan_id\":\"L001\"},{\"loan_id\":\"L013\"}],"
        + "\"count\":2}");
    assertThat(each).isEqualTo(calls(call(2, "evaluateCollateralSufficiency", "{\"loan_id\":\"L001\"}"),
        call(3, "evaluateCollateralSufficiency", "{\"loan_id\":\"L013\"}")));
    // the results of that round are the answer, not another look-up
    ModelStep done = answer(each, "{\"loan_id\":\"L001\",\"loan_amount\":50000,\"total_collateral_value\":75000,"
        + "\"ltv\":0.67,\"sufficient\":true,\"reason\":\"LTV_BELOW_0.80\"}", "{\"loan_id\":\"L013\",\"loan_amount\":"
        + "10000,\"total_collateral_value\":0,\"ltv\":null,\"sufficient\":false,\"reason\":\"NO_COLLATERAL\"}");
    assertThat(done).isInstanceOf(ModelStep.Answer.class);
  }

  @Test
  void aLoanDiscussedLastStaysTheSubject() {
    ModelStep step = say("Show me loan L001");
    answer(step, "{\"loan_id\":\"L001\",\"borrower_id\":\"B001\",\"borrower_name\":\"John Doe\"}");
    replied(new ModelStep.Answer("..."));
    assertThat(say("Is its collateral sufficient?"))
        .isEqualTo(calls(call(1, "evaluateCollateralSufficiency", "{\"loan_id\":\"L001\"}")));
  }

  @Test
  void ordinaryRiskWordsAreNotFairLendingQuestions() {
    assertThat(say("which farmers look shaky")).isEqualTo(calls(call(1, "getHighRiskFarmers", "{}")));
  }

  @Test
  void hardshipWithThePaymentIsTheGoalOfReducingIt() {
    assertThat(say("B011 is struggling with the monthly payment on L011. What can we restructure?")).isEqualTo(calls(
        call(1, "recommendLoanRestructuring", "{\"loan_id\":\"L011\",\"restructuring_goal\":\"reduce_payments\"}")));
  }

  @Test
  void collateralSufficiencyIsCalculatedNotListed() {
    assertThat(say("Calculate collateral sufficiency for loan L003"))
        .isEqualTo(calls(call(1, "evaluateCollateralSufficiency", "{\"loan_id\":\"L003\"}")));
  }

  @Test
  void missingScenarioValuesAreAskedForNotInvented() {
    assertThat(say("How will market prices affect borrower B003?"))
        .isEqualTo(new ModelStep.Answer(FixedReplies.askFor("commodity")));
    history.clear();
    assertThat(say("Assess crop yield risk for borrower B002")).isEqualTo(new ModelStep.Answer(FixedReplies.askFor("crop_type")));
    history.clear();
    assertThat(say("Analyze the impact of corn price changes"))
        .isEqualTo(new ModelStep.Answer(FixedReplies.askFor("price_change_percent")));
  }

  @Test
  void severalRequestsInOneQuestion() {
    assertThat(say("Show me the payment history of L004 plus its collateral")).isEqualTo(calls(
        call(1, "getLoanPayments", "{\"loan_id\":\"L004\"}"), call(2, "getLoanCollateral", "{\"loan_id\":\"L004\"}")));
    history.clear();
    // ids joined by "and" are a list for one tool, not two requests
    assertThat(say("Are L002 and L005 adequately collateralised?")).isEqualTo(calls(
        call(1, "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}"),
        call(2, "evaluateCollateralSufficiency", "{\"loan_id\":\"L005\"}")));
  }

  @Test
  void misspelledWordsReadAsTheWordsTheyMisspell() {
    assertThat(say("paymnt histroy for L001")).isEqualTo(calls(call(1, "getLoanPayments", "{\"loan_id\":\"L001\"}")));
  }

  @Test
  void aGreetingBeforeARequestIsNotTheAnswer() {
    assertThat(say("Hello, which farmers are high risk?")).isEqualTo(calls(call(1, "getHighRiskFarmers", "{}")));
    history.clear();
    assertThat(say("Hello")).isEqualTo(new ModelStep.Answer(FixedReplies.GREETING));
  }

  @Test
  void tooOldIsAnAgeQuestionForPeopleNotForMachines() {
    assertThat(say("is B004 too old for a new loan?"))
        .isInstanceOfSatisfying(ModelStep.Refusal.class, r -> assertThat(r.reason()).isEqualTo("FAIR_LENDING"));
    assertThat(new io.loanofficer.agent.guardrails.InputGuard().screen("Is the tractor of B001 too old to keep?")).isEmpty();
  }

  @Test
  void namesInText() {
    assertThat(PersonNames.find("Show me all loans for John Doe")).extracting(PersonNames.Found::name)
        .containsExactly("John Doe");
    assertThat(PersonNames.find("Is Jane Smith's collateral enough?")).extracting(PersonNames.Found::name)
        .containsExactly("Jane Smith");
    assertThat(PersonNames.find("Compare John Doe and Jane Smith")).extracting(PersonNames.Found::name)
        .containsExactly("John Doe", "Jane Smith");
    assertThat(PersonNames.find("show me the loans for jane smith")).extracting(PersonNames.Found::name)
        .containsExactly("jane smith");
    assertThat(PersonNames.find("Show me loan L001 and borrower B002")).isEmpty();
    assertThat(PersonNames.find("Is the LTV OK for L003?")).isEmpty();
    assertThat(PersonNames.find("Which farmers are Hispanic?")).isEmpty();
    assertThat(PersonNames.find("What's the default risk for this borrower?")).isEmpty();
  }
}
