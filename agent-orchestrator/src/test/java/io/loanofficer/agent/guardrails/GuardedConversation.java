package io.loanofficer.agent.guardrails;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ModelOutcome;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelReply;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * A conversation driven through the {@link ConversationEngine} as the orchestrator drives it, with
 * the tool side answered by a function (a fixed result, or a real ToolRunner in the infra tests).
 * Records everything: the model requests, the tool calls, the outbound records.
 */
public class GuardedConversation {

  public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  /** Remembers every request the model was sent. */
  public static final class RecordingModel implements AgentModel {
    private final AgentModel delegate;
    public final List<ModelRequest> requests = new ArrayList<>();
    public final List<ModelStep> steps = new ArrayList<>();

    public RecordingModel(AgentModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public ModelStep next(ModelRequest request) {
      return reply(request).step();
    }

    /** The delegate's whole reply: its tokens and served version reach the audit as they would in production. */
    @Override
    public ModelReply reply(ModelRequest request) {
      requests.add(request);
      ModelReply reply = delegate.reply(request);
      steps.add(reply.step());
      return reply;
    }

    @Override
    public String modelName() {
      return delegate.modelName();
    }

    @Override
    public String instructions() {
      return delegate.instructions();
    }
  }

  public final RecordingModel model;
  public final ConversationEngine engine;
  public final String conversationId;
  public final Actor actor;
  public final List<OutboundRecord> outbound = new ArrayList<>();
  public final List<ToolCallRequested> toolCalls = new ArrayList<>();
  private final Function<ToolCallRequested, ToolCallCompleted> tools;
  private ConversationState state;
  private int turns;

  public GuardedConversation(AgentModel model, String conversationId, Actor actor,
      Function<ToolCallRequested, ToolCallCompleted> tools) {
    this.model = new RecordingModel(model);
    this.engine = new ConversationEngine(this.model, new AgentProperties(5, Duration.ofSeconds(30), 24, 4),
        Clock.fixed(NOW, ZoneOffset.UTC));
    this.conversationId = conversationId;
    this.actor = actor;
    this.tools = tools;
  }

  /** One question to its reply; tool calls are answered by the tool function. */
  public ChatReplyProduced ask(String text) {
    return ask(text, Map.of());
  }

  /** A question the gateway published with personal data redacted ({@code maskedInText}: counts by kind). */
  public ChatReplyProduced ask(String text, Map<String, Integer> maskedInText) {
    String turnId = "t-" + (++turns);
    ChatTurnSubmitted turn = ChatTurnSubmitted.newBuilder().setEventId("e-" + turnId).setConversationId(conversationId)
        .setTurnId(turnId).setClientMessageId("c-" + turnId).setText(text).setActor(actor).setGatewayInstance("gw")
        .setTraceId("0af7651916cd43dd8448eb211c80319c").setSubmittedAt(NOW).setMaskedInText(maskedInText).build();
    ConversationEngine.Transition step = record(engine.onTurn(state, turn));
    for (int guard = 0; guard < 20; guard++) {
      ChatReplyProduced reply = replyOf(step, turnId);
      if (reply != null) {
        return reply;
      }
      if (step.awaitsModel()) {
        ModelOutcome outcome = ModelOutcome.call(engine.model(), engine.modelRequest(state));
        step = record(engine.onModelStep(state, turnId, state.getActiveTurn().getRound(), outcome));
        continue;
      }
      List<ToolCallRequested> requested = step.outbound().stream().map(OutboundRecord::value)
          .filter(ToolCallRequested.class::isInstance).map(ToolCallRequested.class::cast).toList();
      if (requested.isEmpty()) {
        throw new IllegalStateException("the turn neither awaits the model nor has calls to answer");
      }
      for (ToolCallRequested call : requested) {
        step = record(engine.onResult(state, tools.apply(call)));
      }
    }
    throw new IllegalStateException("no reply after 20 steps");
  }

  private ConversationEngine.Transition record(ConversationEngine.Transition step) {
    state = step.state();
    outbound.addAll(step.outbound());
    step.outbound().stream().map(OutboundRecord::value).filter(ToolCallRequested.class::isInstance)
        .map(ToolCallRequested.class::cast).forEach(toolCalls::add);
    return step;
  }

  private static ChatReplyProduced replyOf(ConversationEngine.Transition step, String turnId) {
    return step.outbound().stream().map(OutboundRecord::value).filter(ChatReplyProduced.class::isInstance)
        .map(ChatReplyProduced.class::cast).filter(r -> r.getTurnId().equals(turnId)).findFirst().orElse(null);
  }

  public List<AuditRecord> audit() {
    return outbound.stream().map(OutboundRecord::value).filter(AuditRecord.class::isInstance).map(AuditRecord.class::cast)
        .toList();
  }

  public AuditRecord replyAudit(String turnId) {
    EventSerde serde = new EventSerde();
    return audit().stream().filter(a -> a.getType().equals("ChatReplyProduced"))
        .filter(a -> ((ChatReplyProduced) serde.decode(a.getPayload().array())).getTurnId().equals(turnId))
        .findFirst().orElseThrow();
  }

  public List<GuardrailVerdict> verdicts() {
    EventSerde serde = new EventSerde();
    return audit().stream().filter(a -> a.getType().equals("GuardrailVerdict"))
        .map(a -> (GuardrailVerdict) serde.decode(a.getPayload().array())).toList();
  }

  /** Every audit payload decoded, as text (for scans). */
  public List<String> auditPayloadTexts() {
    EventSerde serde = new EventSerde();
    List<String> texts = new ArrayList<>();
    for (AuditRecord a : audit()) {
      SpecificRecord event = serde.decode(a.getPayload().array());
      texts.add(event.toString());
      texts.add(a.getAttributes().toString());
    }
    return texts;
  }

  /** A tool side that answers every call with the given JSON (or NOT_FOUND without one). */
  public static Function<ToolCallRequested, ToolCallCompleted> answering(String resultJson) {
    return call -> ToolCallCompleted.newBuilder().setEventId("r-" + call.getCallId())
        .setConversationId(call.getConversationId()).setTurnId(call.getTurnId()).setCallId(call.getCallId())
        .setTool(call.getTool()).setToolVersion("1").setOutcome(resultJson == null ? ToolOutcome.NOT_FOUND : ToolOutcome.OK)
        .setResultJson(resultJson).setErrorMessage(resultJson == null ? "not found" : null).setWorkerId("w-test")
        .setDurationMicros(10).setTraceId(call.getTraceId()).setCompletedAt(NOW).build();
  }
}
