package io.loanofficer.agent.conversation;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.guardrails.GuardrailAudit;
import io.loanofficer.agent.guardrails.InputGuard;
import io.loanofficer.agent.guardrails.OutputGuard;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.events.ActiveTurn;
import io.loanofficer.events.Actor;
import io.loanofficer.events.CallState;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.GuardrailOutcome;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.TranscriptEntry;
import io.loanofficer.events.TurnDeadlineReached;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.observability.ObservedWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation state machine: AWAITING_MODEL → AWAITING_TOOLS → ... → REPLIED. Pure decisions:
 * given a state and an incoming event it returns the next state and every record to emit (events and
 * their audit records); the Kafka side sends them in one transaction. Every accepted turn ends in
 * exactly one {@link ChatReplyProduced}. What it emits is built by {@link TurnEvents}, appended to
 * the chain by {@link AuditTrail} with {@link AuditAttributes}, and the model is shown
 * {@link PromptHistory}; this class only decides.
 */
public class ConversationEngine {

  private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);

  /**
   * What handling one event produced: the next state, the records to emit, and whether the model
   * must now be asked (the caller does that off the Kafka thread and comes back with
   * {@link #onModelStep}).
   */
  public record Transition(ConversationState state, List<OutboundRecord> outbound) {
    public boolean awaitsModel() {
      return state != null && state.getStatus() == ConversationStatus.AWAITING_MODEL && state.getActiveTurn() != null;
    }
  }

  private final AgentModel model;
  private final AgentProperties properties;
  private final Clock clock;
  private final AuditTrail audit = new AuditTrail();
  private final InputGuard inputGuard = new InputGuard();
  private final OutputGuard outputGuard;
  private final PromptHistory history;
  private final TurnEvents events;
  private final ObservationRegistry observations;

  /** Each guardrail check is observed as {@code guardrail.check} (a span and a timer by guardrail and verdict). */
  public static final String GUARDRAIL_OBSERVATION = "guardrail.check";

  public ConversationEngine(AgentModel model, AgentProperties properties, Clock clock) {
    this(model, properties, clock, ObservationRegistry.NOOP);
  }

  public ConversationEngine(AgentModel model, AgentProperties properties, Clock clock, ObservationRegistry observations) {
    this.observations = observations;
    this.model = model;
    this.properties = properties;
    this.clock = clock;
    this.outputGuard = new OutputGuard(model.instructions());
    this.history = new PromptHistory(properties.transcriptLimit());
    this.events = new TurnEvents(clock);
  }

  public Transition onTurn(ConversationState current, ChatTurnSubmitted turn) {
    ConversationState state = current == null ? newState(turn) : copy(current);
    List<OutboundRecord> out = new ArrayList<>();
    out.add(audit.append(state, turn, turn.getEventId(), turn.getSubmittedAt(), turn.getActor(), turn.getTraceId(),
        AuditAttributes.turn(turn)));

    if (!turn.getMaskedInText().isEmpty()) {
      // recorded as the input guard's verdict: the question reached us with personal data redacted
      GuardrailVerdict redacted = GuardrailAudit.inputRedacted(state.getConversationId(), turn.getTurnId(),
          new TreeMap<>(turn.getMaskedInText()), clock.instant());
      out.add(audit.append(state, redacted, redacted.getEventId(), redacted.getOccurredAt(), turn.getActor(),
          turn.getTraceId(), AuditAttributes.guardrail(redacted)));
    }
    if (!state.getOwnerUserId().equals(turn.getActor().getUserId())) {
      log.warn("Turn {} refused: conversation {} belongs to another user", turn.getTurnId(), turn.getConversationId());
      reply(state, turn, ReplyKind.ERROR, "FORBIDDEN", "This conversation belongs to another user.", List.of(), out);
      return new Transition(state, out);
    }
    ActiveTurn active = state.getActiveTurn();
    if (active != null && (state.getStatus() == ConversationStatus.AWAITING_TOOLS
        || state.getStatus() == ConversationStatus.AWAITING_MODEL)) {
      if (active.getTurnId().equals(turn.getTurnId())) {
        return new Transition(current, List.of()); // redelivered duplicate: already in progress
      }
      reply(state, turn, ReplyKind.ERROR, "RATE_LIMITED",
          "One question at a time: the previous question of this conversation is still being answered.", List.of(), out);
      return new Transition(state, out);
    }
    Instant now = clock.instant();
    state.setActiveTurn(ActiveTurn.newBuilder()
        .setTurnId(turn.getTurnId())
        .setClientMessageId(turn.getClientMessageId())
        .setActor(turn.getActor())
        .setTraceId(turn.getTraceId())
        .setRound(0)
        .setStartedAt(now)
        .setDeadlineAt(now.plus(properties.turnDeadline()))
        .setCalls(new ArrayList<>())
        .build());
    state.setStatus(ConversationStatus.AWAITING_MODEL);
    Optional<InputGuard.Refusal> refusal = checked("input", () -> inputGuard.screen(turn.getText()),
        screened -> screened.isPresent() ? "refused" : "allowed");
    if (refusal.isPresent()) {
      // screened before any model is asked: the model never sees the text, no tool can be requested
      GuardrailVerdict verdict = GuardrailAudit.input(state.getConversationId(), turn.getTurnId(), refusal, now);
      out.add(audit.append(state, verdict, verdict.getEventId(), verdict.getOccurredAt(), turn.getActor(),
          turn.getTraceId(), AuditAttributes.guardrail(verdict)));
      log.info("Turn {} refused by the input guard: {}", turn.getTurnId(), refusal.get().reason());
      history.append(state, new TranscriptEntry("user", "[withheld by the input guard: " + refusal.get().reason() + "]",
          null, null));
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put(GuardrailAudit.INPUT, GuardrailOutcome.REFUSED.name());
      attributes.put(GuardrailAudit.INPUT_REASON, refusal.get().reason());
      finish(state, ReplyKind.ANSWER, null, refusal.get().text(), out, attributes);
      return new Transition(state, out);
    }
    history.append(state, new TranscriptEntry("user", turn.getText(), null, null));
    return new Transition(state, out);
  }

  public Transition onResult(ConversationState current, ToolCallCompleted result) {
    ActiveTurn active = current == null ? null : current.getActiveTurn();
    CallState call = active == null || !active.getTurnId().equals(result.getTurnId()) ? null
        : active.getCalls().stream().filter(c -> c.getCallId().equals(result.getCallId())).findFirst().orElse(null);
    if (call == null || call.getOutcome() != null) {
      // A duplicate (redelivered) result, or one for a turn that already ended (e.g. in TIMEOUT).
      log.debug("Ignoring result of call {} for turn {}", result.getCallId(), result.getTurnId());
      return new Transition(current, List.of());
    }
    ConversationState state = copy(current);
    ActiveTurn turn = state.getActiveTurn();
    List<OutboundRecord> out = new ArrayList<>();
    out.add(audit.append(state, result, result.getEventId(), result.getCompletedAt(), turn.getActor(),
        turn.getTraceId(), AuditAttributes.tool(result.getCallId(), result.getTool(), result.getOutcome())));
    CallState stored = turn.getCalls().stream().filter(c -> c.getCallId().equals(result.getCallId())).findFirst().orElseThrow();
    stored.setOutcome(result.getOutcome());
    stored.setResultJson(result.getResultJson());
    stored.setErrorMessage(result.getErrorMessage());
    progress(state, stored, result.getOutcome() == ToolOutcome.OK ? ProgressStatus.COMPLETED : ProgressStatus.FAILED, out);

    boolean roundDone = turn.getCalls().stream()
        .filter(c -> c.getRound() == turn.getRound())
        .allMatch(c -> c.getOutcome() != null);
    if (roundDone) {
      state.setStatus(ConversationStatus.AWAITING_MODEL);
    }
    return new Transition(state, out);
  }

  /**
   * A gateway showed a user the real value behind one of this conversation's tokens: recorded in the
   * conversation's chain (token, kind, whose, who; never the value) so that its replay shows it. The
   * conversation's turns are untouched. A reveal for a conversation this instance does not hold is
   * dropped: its record is on the gateway's chain already, and a chain is not started by a reveal.
   */
  public Transition onReveal(ConversationState current, PiiRevealed reveal) {
    if (current == null) {
      log.warn("Reveal {} names conversation {}, which has no state here: not recorded in its chain",
          reveal.getEventId(), reveal.getConversationId());
      return new Transition(current, List.of());
    }
    ConversationState state = copy(current);
    return new Transition(state, List.of(audit.append(state, reveal, reveal.getEventId(), reveal.getOccurredAt(),
        reveal.getActor(), null, AuditAttributes.reveal(reveal))));
  }

  /** Ends a turn whose deadline passed with a TIMEOUT reply; pending calls are marked TIMEOUT. */
  public Transition onDeadline(ConversationState current, Instant now) {
    ActiveTurn active = current.getActiveTurn();
    boolean running = current.getStatus() == ConversationStatus.AWAITING_TOOLS
        || current.getStatus() == ConversationStatus.AWAITING_MODEL;
    if (!running || active == null || now.isBefore(active.getDeadlineAt())) {
      return new Transition(current, List.of());
    }
    ConversationState state = copy(current);
    List<OutboundRecord> out = new ArrayList<>();
    for (CallState call : state.getActiveTurn().getCalls()) {
      if (call.getOutcome() == null) {
        call.setOutcome(ToolOutcome.TIMEOUT);
        progress(state, call, ProgressStatus.FAILED, out);
      }
    }
    String text = current.getStatus() == ConversationStatus.AWAITING_TOOLS
        ? "The lending tools did not answer in time. Please try again."
        : "The assistant did not answer in time. Please try again.";
    finish(state, ReplyKind.ERROR, "TIMEOUT", text, out);
    return new Transition(state, out);
  }

  /** The request to send to the model for a conversation that awaits it; the round it answers is the turn's current one. */
  public ModelRequest modelRequest(ConversationState state) {
    return new ModelRequest(state.getConversationId(), history.messages(state), ToolCatalogue.ALL);
  }

  /**
   * Applies the model's decision (or failure) for the given turn and round. A decision that arrives
   * for a turn or round that is no longer awaited (it timed out, or a duplicate after a restart) is
   * ignored.
   */
  public Transition onModelStep(ConversationState current, String turnId, int round, ModelOutcome outcome) {
    if (!awaits(current, turnId, round)) {
      return new Transition(current, List.of());
    }
    ConversationState state = copy(current);
    ActiveTurn active = state.getActiveTurn();
    List<OutboundRecord> out = new ArrayList<>();
    ModelInvoked invoked = ModelAudit.event(state.getConversationId(), turnId, round, outcome.model(), outcome,
        clock.instant());
    out.add(audit.append(state, invoked, invoked.getEventId(), invoked.getOccurredAt(), active.getActor(),
        active.getTraceId(), AuditAttributes.model(invoked)));
    ModelStep step = outcome.step();
    String failure = outcome.failure();
    if (failure != null) {
      log.error("Model {} failed on turn {}: {}", outcome.model(), turnId, failure);
      finish(state, ReplyKind.ERROR, "INTERNAL", "The assistant failed to answer. Please try again.", out);
    } else if (active.getRound() >= properties.maxRounds() && step instanceof ModelStep.CallTools) {
      finish(state, ReplyKind.ERROR, "INTERNAL", "I could not complete this question within "
          + properties.maxRounds() + " steps. Please ask it more specifically.", out);
    } else if (step instanceof ModelStep.CallTools calls && !calls.calls().isEmpty()) {
      // Java 17: no pattern matching for switch yet.
      requestTools(state, calls.calls(), out);
    } else if (step instanceof ModelStep.Answer answer) {
      answer(state, answer.text(), null, out);
    } else if (step instanceof ModelStep.Refusal refusal) {
      answer(state, refusal.text(), refusal.reason(), out);
    } else {
      finish(state, ReplyKind.ERROR, "INTERNAL", "The assistant asked for no tool and gave no answer.", out);
    }
    return new Transition(state, out);
  }

  /**
   * A model answer as its event arrived at the conversation's owner: applied if the state still
   * awaits that turn and round (the request is rebuilt from that state), ignored otherwise.
   */
  public Transition onModelAnswered(ConversationState current, ModelAnswered answered) {
    if (!awaits(current, answered.getTurnId(), answered.getRound())) {
      log.debug("Ignoring model answer for turn {} round {}: not awaited", answered.getTurnId(), answered.getRound());
      return new Transition(current, List.of());
    }
    ModelOutcome outcome = ModelAnswers.outcome(answered, modelRequest(current));
    return onModelStep(current, answered.getTurnId(), answered.getRound(), outcome);
  }

  /**
   * Where the step leaves the conversation awaiting a model that answers in process, asks it at once
   * and applies its decision, round after round, until the turn awaits tools or has ended: one step,
   * one transaction. A remote model's step is returned as it is (the caller asks it off the Kafka
   * thread). Bounded: a turn has at most max-rounds model rounds.
   */
  public Transition askInProcess(Transition step) {
    Transition current = step;
    while (current.awaitsModel() && model.answersInProcess()) {
      ActiveTurn active = current.state().getActiveTurn();
      Transition next = onModelStep(current.state(), active.getTurnId(), active.getRound(),
          ModelOutcome.call(model, modelRequest(current.state())));
      List<OutboundRecord> out = new ArrayList<>(current.outbound());
      out.addAll(next.outbound());
      current = new Transition(next.state(), out);
    }
    return current;
  }

  /** A deadline signal: the turn ends in TIMEOUT if it is still the running one and its deadline passed. */
  public Transition onDeadlineReached(ConversationState current, TurnDeadlineReached reached) {
    ActiveTurn active = current == null ? null : current.getActiveTurn();
    if (active == null || !active.getTurnId().equals(reached.getTurnId())) {
      return new Transition(current, List.of());
    }
    return onDeadline(current, clock.instant());
  }

  private static boolean awaits(ConversationState current, String turnId, int round) {
    ActiveTurn awaited = current == null ? null : current.getActiveTurn();
    return awaited != null && current.getStatus() == ConversationStatus.AWAITING_MODEL
        && awaited.getTurnId().equals(turnId) && awaited.getRound() == round;
  }

  /** The model as the orchestrator calls it (off the Kafka thread). */
  public AgentModel model() {
    return model;
  }

  private void requestTools(ConversationState state, List<ToolInvocation> invocations, List<OutboundRecord> out) {
    ActiveTurn active = state.getActiveTurn();
    int round = active.getRound() + 1;
    active.setRound(round);
    for (ToolInvocation invocation : invocations) {
      String callId = active.getTurnId() + "/" + invocation.callId();
      CallState call = new CallState(callId, round, invocation.tool(), invocation.argumentsJson(), null, null, null);
      active.getCalls().add(call);
      ToolCallRequested request = events.toolCall(state.getConversationId(), active, call);
      out.add(new OutboundRecord(Topic.TOOL_CALLS.topicName(), null, callId, request));
      out.add(audit.append(state, request, request.getEventId(), request.getRequestedAt(), active.getActor(),
          active.getTraceId(), AuditAttributes.tool(callId, invocation.tool(), null)));
      progress(state, call, ProgressStatus.STARTED, out);
    }
    state.setStatus(ConversationStatus.AWAITING_TOOLS);
  }

  /**
   * The model's answer (or refusal) through the output guard: personal data the model wrote is masked
   * before the reply is produced; the verdict goes on the reply's audit record, and a masking also as
   * a {@link GuardrailVerdict} in the chain.
   */
  private void answer(ConversationState state, String text, String modelRefusal, List<OutboundRecord> out) {
    ActiveTurn active = state.getActiveTurn();
    OutputGuard.Screened screened = checked("output", () -> outputGuard.screen(text),
        result -> GuardrailAudit.outcome(result).name().toLowerCase(Locale.ROOT));
    GuardrailOutcome outcome = GuardrailAudit.outcome(screened);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(GuardrailAudit.INPUT, GuardrailOutcome.ALLOWED.name());
    if (modelRefusal != null) {
      attributes.put("loanofficer.guardrail.model.refusal", modelRefusal);
    }
    attributes.put(GuardrailAudit.OUTPUT, outcome.name());
    if (outcome != GuardrailOutcome.ALLOWED) {
      if (screened.maskedTotal() > 0) {
        attributes.put(GuardrailAudit.OUTPUT_MASKED, screened.maskedCounts());
      }
      if (screened.refusedReason() != null) {
        attributes.put(GuardrailAudit.OUTPUT_REASON, screened.refusedReason());
      }
      GuardrailVerdict verdict = GuardrailAudit.output(state.getConversationId(), active.getTurnId(), screened,
          clock.instant());
      out.add(audit.append(state, verdict, verdict.getEventId(), verdict.getOccurredAt(), active.getActor(),
          active.getTraceId(), AuditAttributes.guardrail(verdict)));
      log.warn("Turn {}: output guard {} ({}{})", active.getTurnId(), outcome, screened.maskedCounts(),
          screened.refusedReason() == null ? "" : " " + screened.refusedReason());
    }
    finish(state, ReplyKind.ANSWER, null, screened.text(), out, attributes);
  }

  private void finish(ConversationState state, ReplyKind kind, String code, String text, List<OutboundRecord> out) {
    finish(state, kind, code, text, out, Map.of());
  }

  private void finish(ConversationState state, ReplyKind kind, String code, String text, List<OutboundRecord> out,
      Map<String, String> replyAttributes) {
    ActiveTurn active = state.getActiveTurn();
    List<ToolCallSummary> calls = active.getCalls().stream()
        .map(c -> new ToolCallSummary(c.getCallId(), c.getTool(), c.getArgumentsJson(),
            c.getOutcome() == null ? ToolOutcome.UNKNOWN : c.getOutcome(), c.getResultJson()))
        .toList();
    for (CallState c : active.getCalls()) {
      history.append(state, new TranscriptEntry("tool", String.valueOf(c.getOutcome()), c.getTool(), c.getArgumentsJson()));
    }
    history.append(state, new TranscriptEntry("assistant", text, null, null));
    ChatReplyProduced reply = events.reply(state.getConversationId(), active.getTurnId(), active.getClientMessageId(),
        active.getActor(), active.getTraceId(), kind, code, text, calls);
    emitReply(state, reply, active.getActor(), out, AuditAttributes.reply(reply, replyAttributes, calls));
    state.setStatus(ConversationStatus.REPLIED);
    state.setActiveTurn(null);
  }

  /** A reply to a turn that is refused before it starts; the conversation's own active turn is untouched. */
  private void reply(ConversationState state, ChatTurnSubmitted turn, ReplyKind kind, String code, String text,
      List<ToolCallSummary> calls, List<OutboundRecord> out) {
    ChatReplyProduced reply = events.reply(turn.getConversationId(), turn.getTurnId(), turn.getClientMessageId(),
        turn.getActor(), turn.getTraceId(), kind, code, text, calls);
    emitReply(state, reply, turn.getActor(), out, AuditAttributes.reply(reply, Map.of(), calls));
  }

  private void emitReply(ConversationState state, ChatReplyProduced reply, Actor actor, List<OutboundRecord> out,
      Map<String, String> attributes) {
    out.add(new OutboundRecord(Topic.CHAT_REPLIES.topicName(), null, state.getConversationId(), reply));
    out.add(audit.append(state, reply, reply.getEventId(), reply.getProducedAt(), actor, reply.getTraceId(), attributes));
  }

  private void progress(ConversationState state, CallState call, ProgressStatus status, List<OutboundRecord> out) {
    ActiveTurn active = state.getActiveTurn();
    ChatProgress progress = events.progress(state.getConversationId(), active, call, status);
    out.add(new OutboundRecord(Topic.CHAT_REPLIES.topicName(), null, state.getConversationId(), progress));
    out.add(audit.append(state, progress, progress.getEventId(), progress.getAt(), active.getActor(), active.getTraceId(),
        AuditAttributes.tool(call.getCallId(), call.getTool(), null)));
  }

  /** Runs a guardrail check as an observation tagged with the guardrail and its verdict. */
  private <T> T checked(String guardrail, Supplier<T> check, Function<T, String> verdict) {
    return ObservedWork.observe(Observation.createNotStarted(GUARDRAIL_OBSERVATION, observations)
        .contextualName("guardrail " + guardrail)
        .lowCardinalityKeyValue("guardrail", guardrail), "verdict", check, verdict);
  }

  private ConversationState newState(ChatTurnSubmitted turn) {
    return ConversationState.newBuilder()
        .setConversationId(turn.getConversationId())
        .setOwnerUserId(turn.getActor().getUserId())
        .setStatus(ConversationStatus.AWAITING_MODEL)
        .setAuditSeq(0)
        .setAuditHash(AuditKeys.GENESIS_HASH)
        .setActiveTurn(null)
        .setTranscript(new ArrayList<>())
        .setUpdatedAt(clock.instant())
        .build();
  }

  private ConversationState copy(ConversationState state) {
    ConversationState copy = ConversationState.newBuilder(state).build();
    copy.setUpdatedAt(clock.instant());
    return copy;
  }
}
