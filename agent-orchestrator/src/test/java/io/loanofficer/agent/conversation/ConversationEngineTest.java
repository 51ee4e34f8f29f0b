package io.loanofficer.agent.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ChatMessage;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.TurnDeadlineReached;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The state machine with a scripted model: what each event produces, in order, audit included. */
class ConversationEngineTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");

  /** A model that answers from a script and remembers what it was asked. */
  static class ScriptedModel implements AgentModel {
    final Deque<ModelStep> script = new ArrayDeque<>();
    final List<ModelRequest> requests = new ArrayList<>();

    @Override
    public ModelStep next(ModelRequest request) {
      requests.add(request);
      return script.removeFirst();
    }

    @Override
    public String modelName() {
      return "scripted";
    }
  }

  private final ScriptedModel model = new ScriptedModel();
  private final ConversationEngine engine = new ConversationEngine(model,
      new AgentProperties(5, Duration.ofSeconds(30), 24, 4), Clock.fixed(NOW, ZoneOffset.UTC));

  private static ChatTurnSubmitted turn(String turnId, String userId, String text) {
    return ChatTurnSubmitted.newBuilder().setEventId("e-" + turnId).setConversationId("conv-1").setTurnId(turnId)
        .setClientMessageId("c-" + turnId).setText(text)
        .setActor(new Actor(userId, List.of("LOAN_OFFICER"), userId)).setGatewayInstance("gw")
        .setTraceId("0af7651916cd43dd8448eb211c80319c").setSubmittedAt(NOW).build();
  }

  private static ToolCallCompleted result(String turnId, String callId, ToolOutcome outcome, String json) {
    return ToolCallCompleted.newBuilder().setEventId("r-" + callId).setConversationId("conv-1").setTurnId(turnId)
        .setCallId(callId).setTool("evaluateCollateralSufficiency").setToolVersion("1").setOutcome(outcome)
        .setResultJson(json).setErrorMessage(outcome == ToolOutcome.OK ? null : "loan L999 not found")
        .setWorkerId("w-1").setDurationMicros(100).setTraceId(null).setCompletedAt(NOW).build();
  }

  /** What the orchestrator does after a step: when the model is awaited, ask it and apply its answer. */
  private ConversationEngine.Transition withModel(ConversationEngine engine, ConversationEngine.Transition step) {
    if (!step.awaitsModel()) {
      return step;
    }
    // as in production: the answer travels as a ModelAnswered event and the owner applies it
    ModelOutcome outcome = ModelOutcome.call(engine.model(), engine.modelRequest(step.state()));
    ConversationEngine.Transition answered = engine.onModelAnswered(step.state(), ModelAnswers.event(
        step.state().getConversationId(), step.state().getActiveTurn().getTurnId(),
        step.state().getActiveTurn().getRound(), outcome, Instant.now()));
    List<OutboundRecord> all = new ArrayList<>(step.outbound());
    all.addAll(answered.outbound());
    return new ConversationEngine.Transition(answered.state(), all);
  }

  private static ModelOutcome answered(String text) {
    return new ModelOutcome("test-model", new ModelRequest("conv-1", List.of(), List.of()), new ModelStep.Answer(text),
        null, 5);
  }

  private ConversationEngine.Transition turnOn(ConversationState state, ChatTurnSubmitted turn) {
    return withModel(engine, engine.onTurn(state, turn));
  }

  private ConversationEngine.Transition resultOn(ConversationState state, ToolCallCompleted result) {
    return withModel(engine, engine.onResult(state, result));
  }

  private static List<String> types(List<OutboundRecord> out) {
    return out.stream().map(o -> o.topic() + ":" + o.value().getSchema().getName()).toList();
  }

  private static <T extends SpecificRecord> T only(List<OutboundRecord> out, Class<T> type) {
    List<T> found = out.stream().map(OutboundRecord::value).filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void aModelThatAnswersInProcessIsAskedWithinTheStepAndWritesWhatTheSignalRoundTripWould() {
    ScriptedModel local = new ScriptedModel() {
      @Override
      public boolean answersInProcess() {
        return true;
      }
    };
    ConversationEngine inProcess = new ConversationEngine(local, new AgentProperties(5, Duration.ofSeconds(30), 24, 4),
        Clock.fixed(NOW, ZoneOffset.UTC));
    ToolInvocation call = new ToolInvocation("call-1", "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}");
    local.script.add(new ModelStep.CallTools(List.of(call)));
    model.script.add(new ModelStep.CallTools(List.of(call)));
    ChatTurnSubmitted question = turn("t-1", "officer-1", "Is the collateral sufficient for loan L002?");

    ConversationEngine.Transition inOneStep = inProcess.askInProcess(inProcess.onTurn(null, question));
    ConversationEngine.Transition throughSignals = turnOn(null, question);

    assertThat(types(inOneStep.outbound())).isEqualTo(types(throughSignals.outbound()));
    assertThat(inOneStep.state().getStatus()).isEqualTo(ConversationStatus.AWAITING_TOOLS);
    assertThat(inOneStep.state().getAuditSeq()).isEqualTo(throughSignals.state().getAuditSeq()).isEqualTo(4);
    assertThat(local.requests).hasSize(1);

    // the answer round: asked as soon as the result arrives, and the turn ends in the same step
    local.script.add(new ModelStep.Answer("Loan L002: LTV 0.86, not sufficient."));
    ConversationEngine.Transition answered = inProcess.askInProcess(inProcess.onResult(inOneStep.state(),
        result("t-1", "t-1/call-1", ToolOutcome.OK, "{\"ltv\":0.86,\"sufficient\":false}")));
    assertThat(answered.state().getStatus()).isEqualTo(ConversationStatus.REPLIED);
    assertThat(only(answered.outbound(), ChatReplyProduced.class).getText()).isEqualTo("Loan L002: LTV 0.86, not sufficient.");
  }

  @Test
  void aRemoteModelIsNotAskedWithinTheStep() {
    ConversationEngine.Transition step = engine.onTurn(null, turn("t-1", "officer-1", "What's the status of loan L001?"));

    ConversationEngine.Transition after = engine.askInProcess(step);

    assertThat(after).isSameAs(step);
    assertThat(after.awaitsModel()).isTrue();
    assertThat(model.requests).isEmpty();
  }

  @Test
  void aToolRoundTripEndsInOneAnswerWithTheCallsResultAndAGaplessAuditChain() {
    model.script.add(new ModelStep.CallTools(List.of(new ToolInvocation("call-1", "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}"))));
    model.script.add(new ModelStep.Answer("Loan L002: LTV 0.86, not sufficient."));

    ConversationEngine.Transition asked = turnOn(null, turn("t-1", "officer-1", "Is the collateral sufficient for loan L002?"));

    assertThat(types(asked.outbound())).containsExactly(
        "audit.events:AuditRecord",
        "audit.events:AuditRecord",
        "tool.calls:ToolCallRequested", "audit.events:AuditRecord",
        "chat.replies:ChatProgress", "audit.events:AuditRecord");
    ToolCallRequested request = only(asked.outbound(), ToolCallRequested.class);
    assertThat(request.getCallId()).isEqualTo("t-1/call-1");
    assertThat(request.getActor()).isEqualTo(OFFICER);
    assertThat(request.getDeadlineAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(asked.state().getStatus()).isEqualTo(ConversationStatus.AWAITING_TOOLS);

    ConversationEngine.Transition answered = resultOn(asked.state(),
        result("t-1", "t-1/call-1", ToolOutcome.OK, "{\"ltv\":0.86,\"sufficient\":false}"));

    assertThat(types(answered.outbound())).containsExactly(
        "audit.events:AuditRecord",
        "chat.replies:ChatProgress", "audit.events:AuditRecord",
        "audit.events:AuditRecord",
        "chat.replies:ChatReplyProduced", "audit.events:AuditRecord");
    ChatReplyProduced reply = only(answered.outbound(), ChatReplyProduced.class);
    assertThat(reply.getKind()).isEqualTo(ReplyKind.ANSWER);
    assertThat(reply.getText()).isEqualTo("Loan L002: LTV 0.86, not sufficient.");
    assertThat(reply.getToolCalls()).hasSize(1);
    assertThat(reply.getToolCalls().get(0).getResultJson()).isEqualTo("{\"ltv\":0.86,\"sufficient\":false}");
    assertThat(reply.getToolCalls().get(0).getOutcome()).isEqualTo(ToolOutcome.OK);
    assertThat(answered.state().getStatus()).isEqualTo(ConversationStatus.REPLIED);
    assertThat(answered.state().getActiveTurn()).isNull();

    ChatMessage.ToolResult seen = (ChatMessage.ToolResult) model.requests.get(1).messages().get(2);
    assertThat(seen.callId()).isEqualTo("call-1");
    assertThat(seen.content()).isEqualTo("{\"ltv\":0.86,\"sufficient\":false}");

    List<AuditRecord> chain = new ArrayList<>();
    asked.outbound().stream().map(OutboundRecord::value).filter(AuditRecord.class::isInstance).map(AuditRecord.class::cast).forEach(chain::add);
    answered.outbound().stream().map(OutboundRecord::value).filter(AuditRecord.class::isInstance).map(AuditRecord.class::cast).forEach(chain::add);
    assertThat(chain).extracting(AuditRecord::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(chain).extracting(AuditRecord::getType).containsExactly("ChatTurnSubmitted", "ModelInvoked",
        "ToolCallRequested", "ChatProgress", "ToolCallCompleted", "ChatProgress", "ModelInvoked", "ChatReplyProduced");
    String prev = AuditKeys.GENESIS_HASH;
    for (AuditRecord record : chain) {
      assertThat(record.getPrevHash()).isEqualTo(prev);
      assertThat(AuditChain.hashOf(record)).isEqualTo(record.getHash());
      prev = record.getHash();
    }
    assertThat(answered.state().getAuditSeq()).isEqualTo(8);
    ModelInvoked second = new io.loanofficer.events.serde.EventSerde().decode(chain.get(6).getPayload().array(), ModelInvoked.class);
    assertThat(second.getDecision()).isEqualTo(io.loanofficer.events.ModelDecision.ANSWER);
    assertThat(second.getRound()).isEqualTo(1);
    assertThat(second.getMessageCount()).isEqualTo(3);
    assertThat(second.getNewMessagesJson()).isEqualTo("[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call-1\","
        + "\"name\":\"evaluateCollateralSufficiency\",\"arguments\":\"{\\\"loan_id\\\":\\\"L002\\\"}\"}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call-1\",\"name\":\"evaluateCollateralSufficiency\",\"outcome\":\"OK\","
        + "\"content\":\"{\\\"ltv\\\":0.86,\\\"sufficient\\\":false}\"}]");
    assertThat(second.getPromptDigest()).hasSize(64);
    assertThat(answered.state().getAuditHash()).isEqualTo(prev);
  }

  @Test
  void aDuplicateResultIsIgnoredAndProducesNothing() {
    model.script.add(new ModelStep.CallTools(List.of(new ToolInvocation("call-1", "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}"))));
    model.script.add(new ModelStep.Answer("done"));
    ConversationEngine.Transition asked = turnOn(null, turn("t-1", "officer-1", "collateral L002?"));
    ConversationEngine.Transition answered = resultOn(asked.state(), result("t-1", "t-1/call-1", ToolOutcome.OK, "{}"));

    ConversationEngine.Transition again = resultOn(answered.state(), result("t-1", "t-1/call-1", ToolOutcome.OK, "{}"));

    assertThat(again.outbound()).isEmpty();
    assertThat(again.state()).isSameAs(answered.state());
  }

  @Test
  void anotherUsersTurnOnTheConversationIsRefusedWithForbidden() {
    model.script.add(new ModelStep.Answer("Hello."));
    ConversationEngine.Transition first = turnOn(null, turn("t-1", "officer-1", "Hello"));

    ConversationEngine.Transition intruder = turnOn(first.state(), turn("t-2", "officer-2", "Show me loan L001"));

    ChatReplyProduced reply = only(intruder.outbound(), ChatReplyProduced.class);
    assertThat(reply.getKind()).isEqualTo(ReplyKind.ERROR);
    assertThat(reply.getErrorCode()).isEqualTo("FORBIDDEN");
    assertThat(reply.getUserId()).isEqualTo("officer-2");
    assertThat(model.requests).hasSize(1);
  }

  @Test
  void aSecondQuestionWhileToolsRunIsRefusedAndTheFirstStillCompletes() {
    model.script.add(new ModelStep.CallTools(List.of(new ToolInvocation("call-1", "getLoanStatus", "{\"loan_id\":\"L001\"}"))));
    ConversationEngine.Transition asked = turnOn(null, turn("t-1", "officer-1", "status L001"));

    ConversationEngine.Transition second = turnOn(asked.state(), turn("t-2", "officer-1", "status L002"));

    ChatReplyProduced refused = only(second.outbound(), ChatReplyProduced.class);
    assertThat(refused.getTurnId()).isEqualTo("t-2");
    assertThat(refused.getErrorCode()).isEqualTo("RATE_LIMITED");
    assertThat(second.state().getActiveTurn().getTurnId()).isEqualTo("t-1");
  }

  @Test
  void aTurnPastItsDeadlineEndsInTimeoutAndALateResultIsIgnored() {
    model.script.add(new ModelStep.CallTools(List.of(new ToolInvocation("call-1", "getLoanStatus", "{\"loan_id\":\"L001\"}"))));
    ConversationEngine.Transition asked = turnOn(null, turn("t-1", "officer-1", "status L001"));

    assertThat(engine.onDeadline(asked.state(), NOW.plusSeconds(29)).outbound()).isEmpty();
    ConversationEngine.Transition timedOut = engine.onDeadline(asked.state(), NOW.plusSeconds(30));

    ChatReplyProduced reply = only(timedOut.outbound(), ChatReplyProduced.class);
    assertThat(reply.getErrorCode()).isEqualTo("TIMEOUT");
    assertThat(reply.getToolCalls().get(0).getOutcome()).isEqualTo(ToolOutcome.TIMEOUT);
    assertThat(only(timedOut.outbound(), ChatProgress.class).getStatus().name()).isEqualTo("FAILED");
    assertThat(resultOn(timedOut.state(), result("t-1", "t-1/call-1", ToolOutcome.OK, "{}")).outbound()).isEmpty();
  }

  @Test
  void aTurnAwaitingASlowModelTimesOutAndTheLateAnswerIsDropped() {
    ConversationEngine.Transition awaiting = engine.onTurn(null, turn("t-1", "officer-1", "status L001"));
    assertThat(awaiting.awaitsModel()).isTrue();
    assertThat(types(awaiting.outbound())).containsExactly("audit.events:AuditRecord");

    ConversationEngine.Transition timedOut = engine.onDeadline(awaiting.state(), NOW.plusSeconds(30));
    assertThat(only(timedOut.outbound(), ChatReplyProduced.class).getErrorCode()).isEqualTo("TIMEOUT");

    ConversationEngine.Transition late = engine.onModelStep(timedOut.state(), "t-1", 0, answered("late"));
    assertThat(late.outbound()).isEmpty();
  }

  @Test
  void aModelAnswerForAnotherRoundIsIgnored() {
    ConversationEngine.Transition awaiting = engine.onTurn(null, turn("t-1", "officer-1", "status L001"));

    assertThat(engine.onModelStep(awaiting.state(), "t-1", 3, answered("stale")).outbound()).isEmpty();
    assertThat(engine.onModelStep(awaiting.state(), "t-0", 0, answered("stale")).outbound()).isEmpty();
  }

  @Test
  void aModelAnswerEventIsAppliedOnceAndItsDuplicateChangesNothing() {
    model.script.add(new ModelStep.Answer("Loan L001 is current."));
    ConversationEngine.Transition awaiting = engine.onTurn(null, turn("t-1", "officer-1", "status L001"));
    ModelOutcome outcome = ModelOutcome.call(model, engine.modelRequest(awaiting.state()));
    ModelAnswered event = ModelAnswers.event("conv-1", "t-1", 0, outcome, NOW);

    ConversationEngine.Transition applied = engine.onModelAnswered(awaiting.state(), event);
    assertThat(only(applied.outbound(), ChatReplyProduced.class).getText()).isEqualTo("Loan L001 is current.");
    assertThat(applied.outbound().stream().map(OutboundRecord::value).filter(AuditRecord.class::isInstance)
        .map(AuditRecord.class::cast).filter(r -> r.getType().equals("ModelInvoked"))
        .map(r -> r.getAttributes().get("gen_ai.request.model")).toList()).containsExactly("scripted");
    assertThat(applied.state().getAuditSeq()).isEqualTo(3); // turn, model step, reply

    // redelivered after a rebalance, or a second owner's answer to the same round: nothing
    assertThat(engine.onModelAnswered(applied.state(), event).outbound()).isEmpty();
    assertThat(engine.onModelAnswered(null, event).outbound()).isEmpty();
  }

  @Test
  void aDeadlineSignalEndsOnlyTheTurnItNamesAndOnlyOnceItIsDue() {
    ConversationEngine.Transition awaiting = engine.onTurn(null, turn("t-1", "officer-1", "status L001"));
    TurnDeadlineReached other = TurnDeadlineReached.newBuilder().setEventId("d-0").setConversationId("conv-1")
        .setTurnId("t-0").setDeadlineAt(NOW).setDetectedAt(NOW).build();
    TurnDeadlineReached own = TurnDeadlineReached.newBuilder(other).setEventId("d-1").setTurnId("t-1").build();

    assertThat(engine.onDeadlineReached(awaiting.state(), other).outbound()).isEmpty();
    // the engine's clock is at NOW and the turn's deadline is NOW + 30 s: not yet due
    assertThat(engine.onDeadlineReached(awaiting.state(), own).outbound()).isEmpty();

    ConversationEngine late = new ConversationEngine(model, new AgentProperties(5, Duration.ofSeconds(30), 24, 4),
        Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC));
    ConversationEngine.Transition timedOut = late.onDeadlineReached(awaiting.state(), own);
    assertThat(only(timedOut.outbound(), ChatReplyProduced.class).getErrorCode()).isEqualTo("TIMEOUT");
    assertThat(late.onDeadlineReached(timedOut.state(), own).outbound()).isEmpty();
  }

  @Test
  void aFailingModelEndsTheTurnWithAnInternalError() {
    AgentModel broken = new AgentModel() {
      @Override
      public ModelStep next(ModelRequest request) {
        throw new IllegalStateException("boom");
      }

      @Override
      public String modelName() {
        return "broken";
      }
    };
    ConversationEngine failing = new ConversationEngine(broken, new AgentProperties(5, Duration.ofSeconds(30), 24, 4),
        Clock.fixed(NOW, ZoneOffset.UTC));

    ChatReplyProduced reply = only(withModel(failing, failing.onTurn(null, turn("t-1", "officer-1", "hi"))).outbound(),
        ChatReplyProduced.class);

    assertThat(reply.getKind()).isEqualTo(ReplyKind.ERROR);
    assertThat(reply.getErrorCode()).isEqualTo("INTERNAL");
  }

  @Test
  void followUpsSeeEarlierTurnsCallsInTheHistory() {
    model.script.add(new ModelStep.CallTools(List.of(new ToolInvocation("call-1", "getLoansByBorrower", "{\"borrower_id\":\"B001\"}"))));
    model.script.add(new ModelStep.Answer("B001 has one loan."));
    model.script.add(new ModelStep.Answer("(follow-up)"));
    ConversationEngine.Transition asked = turnOn(null, turn("t-1", "officer-1", "Show me all loans for borrower B001"));
    ConversationEngine.Transition answered = resultOn(asked.state(), result("t-1", "t-1/call-1", ToolOutcome.OK, "{}"));

    turnOn(answered.state(), turn("t-2", "officer-1", "What's the default risk for this borrower?"));

    List<ChatMessage> history = model.requests.get(2).messages();
    assertThat(history.get(0)).isEqualTo(new ChatMessage.UserText("Show me all loans for borrower B001"));
    assertThat(((ChatMessage.AssistantToolCalls) history.get(1)).calls().get(0).argumentsJson()).isEqualTo("{\"borrower_id\":\"B001\"}");
    assertThat(history.get(3)).isEqualTo(new ChatMessage.AssistantText("B001 has one loan."));
    assertThat(history.get(history.size() - 1)).isEqualTo(new ChatMessage.UserText("What's the default risk for this borrower?"));
  }
}
