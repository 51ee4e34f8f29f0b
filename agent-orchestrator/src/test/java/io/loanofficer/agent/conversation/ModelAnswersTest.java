package io.loanofficer.agent.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.TokenUsage;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.events.ModelAnswerKind;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.serde.EventTypes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model outcome survives its trip through agent.signals exactly: what the owner applies is what the model said. */
class ModelAnswersTest {

  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
  private static final ModelRequest REQUEST = new ModelRequest("conv-9", List.of(), List.of());
  private final EventSerde serde = new EventSerde();

  private ModelOutcome throughTheWire(ModelOutcome outcome) {
    ModelAnswered event = ModelAnswers.event("conv-9", "t-4", 2, outcome, AT);
    ModelAnswered decoded = serde.decode(serde.encode(event), ModelAnswered.class);
    assertThat(decoded.getTurnId()).isEqualTo("t-4");
    assertThat(decoded.getRound()).isEqualTo(2);
    assertThat(decoded.getAnsweredAt()).isEqualTo(AT);
    return ModelAnswers.outcome(decoded, REQUEST);
  }

  @Test
  void toolCallsKeepTheirIdsToolsAndArgumentsInOrder() {
    ModelStep.CallTools calls = new ModelStep.CallTools(List.of(
        new ToolInvocation("call_1", "getLoanStatus", "{\"loan_id\":\"L001\"}"),
        new ToolInvocation("call_2", "getLoanCollateral", "{\"loan_id\":\"L002\"}")));
    ModelOutcome back = throughTheWire(new ModelOutcome("gpt-4o-mini", REQUEST, calls, null, 812));

    assertThat(back).isEqualTo(new ModelOutcome("gpt-4o-mini", REQUEST, calls, null, 812));
  }

  @Test
  void answersRefusalsAndFailuresComeBackAsTheyWere() {
    ModelStep.Answer answer = new ModelStep.Answer("L002 is covered 1.33 times.");
    ModelStep.Refusal refusal = new ModelStep.Refusal("I can't rank borrowers by age.", "fair_lending");

    assertThat(throughTheWire(new ModelOutcome("m", REQUEST, answer, null, 5)))
        .isEqualTo(new ModelOutcome("m", REQUEST, answer, null, 5));
    assertThat(throughTheWire(new ModelOutcome("m", REQUEST, refusal, null, 6)))
        .isEqualTo(new ModelOutcome("m", REQUEST, refusal, null, 6));
    assertThat(throughTheWire(new ModelOutcome("m", REQUEST, null, "ModelUnavailableException", 20_000)))
        .isEqualTo(new ModelOutcome("m", REQUEST, null, "ModelUnavailableException", 20_000));
  }

  @Test
  void tokensTravelWithTheAnswerAndAnAnswerWithoutThemIsWrittenInVersion1() {
    ModelStep.Answer answer = new ModelStep.Answer("L002 is covered 1.33 times.");
    ModelOutcome counted = new ModelOutcome("gpt-4o-mini", REQUEST, answer, null, 812, new TokenUsage(1234, 56), null);

    assertThat(throughTheWire(counted)).isEqualTo(counted);
    EventSerde serde = new EventSerde();
    assertThat(EventTypes.hex(EventSerde.fingerprintOf(serde.encode(ModelAnswers.event("c", "t", 0, counted, AT)))))
        .isEqualTo("6fc8c30827c6b079"); // v2: it carries tokens
    ModelOutcome planner = new ModelOutcome("offline-planner", REQUEST, answer, null, 1);
    assertThat(EventTypes.hex(EventSerde.fingerprintOf(serde.encode(ModelAnswers.event("c", "t", 0, planner, AT)))))
        .isEqualTo("74392ea780e34e2f"); // v1: the previous release reads it during a rolling upgrade
  }

  @Test
  void theServedModelVersionTravelsWithTheAnswerInVersion3() {
    ModelStep.CallTools calls = new ModelStep.CallTools(List.of(
        new ToolInvocation("call_1", "getLoanStatus", "{\"loan_id\":\"L001\"}")));
    ModelOutcome served = new ModelOutcome("gpt-4o-mini", REQUEST, calls, null, 640, new TokenUsage(980, 22),
        "gpt-4o-mini-2024-07-18");

    ModelOutcome back = throughTheWire(served);

    assertThat(back).isEqualTo(served);
    assertThat(back.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    ModelAnswered event = ModelAnswers.event("c", "t", 0, served, AT);
    assertThat(event.getModel()).isEqualTo("gpt-4o-mini");
    assertThat(event.getResponseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(EventTypes.hex(EventSerde.fingerprintOf(serde.encode(event))))
        .isEqualTo("ab2b3c78455a27f6"); // v3: it names the served version
    // a version without tokens (a server that counts none) still needs v3: the field is the last one
    ModelOutcome uncounted = new ModelOutcome("gpt-4o-mini", REQUEST, calls, null, 640, null, "gpt-4o-mini-2024-07-18");
    assertThat(throughTheWire(uncounted)).isEqualTo(uncounted);
    assertThat(EventTypes.hex(EventSerde.fingerprintOf(serde.encode(ModelAnswers.event("c", "t", 0, uncounted, AT)))))
        .isEqualTo("ab2b3c78455a27f6");
  }

  @Test
  void aFailedCallNamesNoServedVersion() {
    ModelOutcome failed = ModelOutcome.call(new AgentModel() {
      @Override
      public ModelStep next(ModelRequest request) {
        throw new IllegalStateException("unreachable");
      }

      @Override
      public String modelName() {
        return "gpt-4o-mini";
      }
    }, REQUEST);

    assertThat(failed.failure()).isEqualTo("IllegalStateException");
    assertThat(failed.responseModel()).isNull();
    assertThat(ModelAnswers.event("c", "t", 0, failed, AT).getResponseModel()).isNull();
  }

  @Test
  void aModelThatSaidNothingIsNeitherAnAnswerNorAFailure() {
    ModelAnswered event = ModelAnswers.event("conv-9", "t-4", 0, new ModelOutcome("m", REQUEST, null, null, 3), AT);

    assertThat(event.getDecision()).isEqualTo(ModelAnswerKind.NONE);
    assertThat(ModelAnswers.outcome(event, REQUEST)).isEqualTo(new ModelOutcome("m", REQUEST, null, null, 3));
  }
}
