package io.loanofficer.agent.replay;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ModelOutcome;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.audit.Transcript;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drift mode of examiner replay: the recorded user turns of a conversation run again through
 * today's agent (the {@link ConversationEngine} with today's {@link AgentModel}), but no tool runs:
 * each tool call the agent asks for is answered with the recorded result of the same tool with the
 * same arguments in that turn. A call the recording lacks is drift (answered with an INTERNAL error
 * so that the turn can end). Per turn, the report says whether the tool calls or the answer differ
 * from those recorded.
 */
public final class DriftReplay {

  /** A tool call as compared: name, canonical arguments, outcome. */
  public record Call(String tool, String arguments, String outcome) {
    @Override
    public String toString() {
      return tool + arguments + (outcome == null ? "" : " -> " + outcome);
    }
  }

  /** One turn: what was recorded, what today's agent does, and where they differ. */
  public record TurnDrift(int turn, String turnId, String question, List<Call> recordedCalls, List<Call> replayedCalls,
      List<Call> callsNotInRecording, String recordedKind, String replayedKind, String recordedAnswer,
      String replayedAnswer, boolean callsDiffer, boolean answerDiffers) {

    public boolean drifted() {
      return callsDiffer || answerDiffers;
    }
  }

  public record Report(String conversationId, String model, List<TurnDrift> turns) {

    public boolean drifted() {
      return turns.stream().anyMatch(TurnDrift::drifted);
    }

    public String toText() {
      StringBuilder out = new StringBuilder("Drift replay of ").append(conversationId).append(" with ").append(model)
          .append(" (recorded tool results, no tool runs)\n");
      for (TurnDrift t : turns) {
        out.append("\nturn ").append(t.turn()).append(": ").append(t.question()).append('\n');
        if (!t.drifted()) {
          out.append("  no drift: same tool calls ").append(t.recordedCalls()).append(", same answer\n");
          continue;
        }
        if (t.callsDiffer()) {
          out.append("  DRIFT in tool calls\n    recorded: ").append(t.recordedCalls())
              .append("\n    today:    ").append(t.replayedCalls()).append('\n');
          if (!t.callsNotInRecording().isEmpty()) {
            out.append("    not in the recording (no result to replay): ").append(t.callsNotInRecording()).append('\n');
          }
        }
        if (t.answerDiffers()) {
          out.append("  DRIFT in the answer\n    recorded [").append(t.recordedKind()).append("]: ")
              .append(t.recordedAnswer()).append("\n    today    [").append(t.replayedKind()).append("]: ")
              .append(t.replayedAnswer()).append('\n');
        }
      }
      out.append('\n').append(drifted() ? "drift: yes" : "drift: none");
      return out.toString();
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(tools.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();

  private final AgentModel model;
  private final ConversationEngine engine;
  private final int maxSteps;

  public DriftReplay(AgentModel model, AgentProperties properties) {
    this.model = model;
    // No deadline can pass during a replay: the recorded results are all there is.
    AgentProperties replay = new AgentProperties(properties.maxRounds(), Duration.ofDays(1),
        properties.transcriptLimit(), 1);
    this.engine = new ConversationEngine(model, replay, Clock.systemUTC());
    this.maxSteps = properties.maxRounds() + 2;
  }

  public DriftReplay(AgentModel model) {
    this(model, new AgentProperties(5, Duration.ofSeconds(30), 24, 1));
  }

  /** Replays a conversation's chain (records in seq order). */
  public Report replay(String conversationId, List<AuditRecord> records) {
    Transcript recorded = Transcript.of(conversationId, records);
    ConversationState state = null;
    List<TurnDrift> drifts = new ArrayList<>();
    int n = 0;
    for (Transcript.Turn turn : recorded.turns()) {
      if (turn.question() == null) {
        continue; // erased: nothing to replay
      }
      n++;
      ChatTurnSubmitted submitted = ChatTurnSubmitted.newBuilder()
          .setEventId(UUID.randomUUID().toString())
          .setConversationId(conversationId)
          .setTurnId(turn.turnId())
          .setClientMessageId(turn.clientMessageId() == null ? "replay-" + n : turn.clientMessageId())
          .setText(turn.question())
          .setActor(new Actor(turn.askedBy().userId(), turn.askedBy().roles(), turn.askedBy().userId()))
          .setGatewayInstance("drift-replay")
          .setTraceId(turn.traceId())
          .setSubmittedAt(java.time.Instant.now())
          .build();
      List<Transcript.ToolCall> available = new ArrayList<>(turn.toolCalls());
      List<Call> replayed = new ArrayList<>();
      List<Call> missing = new ArrayList<>();
      ConversationEngine.Transition step = engine.onTurn(state, submitted);
      state = step.state();
      ChatReplyProduced reply = replyOf(step);
      for (int i = 0; reply == null && step.awaitsModel() && i < maxSteps; i++) {
        int round = state.getActiveTurn().getRound();
        ModelOutcome outcome = ModelOutcome.call(model, engine.modelRequest(state));
        step = engine.onModelStep(state, turn.turnId(), round, outcome);
        state = step.state();
        reply = replyOf(step);
        for (OutboundRecord out : step.outbound()) {
          if (out.value() instanceof ToolCallRequested request) {
            Transcript.ToolCall match = take(available, request.getTool(), request.getArgumentsJson());
            ToolCallCompleted result = result(request, match);
            replayed.add(new Call(request.getTool(), canonical(request.getArgumentsJson()), outcome(result.getOutcome())));
            if (match == null) {
              missing.add(new Call(request.getTool(), canonical(request.getArgumentsJson()), null));
            }
            step = engine.onResult(state, result);
            state = step.state();
          }
        }
      }
      List<Call> recordedCalls = turn.toolCalls().stream()
          .map(c -> new Call(c.tool(), canonical(c.arguments()), c.outcome())).toList();
      String replayedKind = reply == null ? "NONE" : reply.getKind().name()
          + (reply.getErrorCode() == null ? "" : " " + reply.getErrorCode());
      String recordedKind = turn.reply() == null ? "NONE" : turn.reply().kind()
          + (turn.reply().errorCode() == null ? "" : " " + turn.reply().errorCode());
      String replayedText = reply == null ? null : reply.getText();
      String recordedText = turn.reply() == null ? null : turn.reply().text();
      boolean callsDiffer = !sorted(recordedCalls).equals(sorted(replayed)) || !missing.isEmpty();
      boolean answerDiffers = !Objects.equals(recordedText, replayedText) || !recordedKind.equals(replayedKind);
      drifts.add(new TurnDrift(n, turn.turnId(), turn.question(), recordedCalls, List.copyOf(replayed),
          List.copyOf(missing), recordedKind, replayedKind, recordedText, replayedText, callsDiffer, answerDiffers));
    }
    return new Report(conversationId, model.modelName(), drifts);
  }

  private static ChatReplyProduced replyOf(ConversationEngine.Transition step) {
    for (OutboundRecord out : step.outbound()) {
      if (out.value() instanceof ChatReplyProduced reply) {
        return reply;
      }
    }
    return null;
  }

  /** The recorded call of this turn with the same tool and arguments (each recorded call answers once). */
  private static Transcript.ToolCall take(List<Transcript.ToolCall> available, String tool, String argumentsJson) {
    String wanted = canonical(argumentsJson);
    for (int i = 0; i < available.size(); i++) {
      Transcript.ToolCall call = available.get(i);
      if (tool.equals(call.tool()) && wanted.equals(canonical(call.arguments()))) {
        return available.remove(i);
      }
    }
    return null;
  }

  private static ToolCallCompleted result(ToolCallRequested request, Transcript.ToolCall recorded) {
    ToolOutcome outcome = recorded == null || recorded.outcome() == null ? ToolOutcome.INTERNAL
        : ToolOutcome.valueOf(recorded.outcome().toUpperCase(Locale.ROOT));
    String resultJson = recorded == null || recorded.result() == null ? null : JSON.writeValueAsString(recorded.result());
    String error = recorded == null ? "drift replay: the recording has no result for this call" : recorded.errorMessage();
    return ToolCallCompleted.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(request.getConversationId())
        .setTurnId(request.getTurnId())
        .setCallId(request.getCallId())
        .setTool(request.getTool())
        .setToolVersion(recorded == null || recorded.toolVersion() == null ? "replay" : recorded.toolVersion())
        .setOutcome(outcome)
        .setResultJson(resultJson)
        .setErrorMessage(error)
        .setWorkerId("drift-replay")
        .setDurationMicros(0)
        .setTraceId(request.getTraceId())
        .setCompletedAt(java.time.Instant.now())
        .build();
  }

  private static List<Call> sorted(List<Call> calls) {
    return calls.stream().sorted(Comparator.comparing(Call::toString)).toList();
  }

  private static String outcome(ToolOutcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  static String canonical(String json) {
    if (json == null) {
      return "{}";
    }
    try {
      return canonical(JSON.readTree(json));
    } catch (RuntimeException e) {
      return json;
    }
  }

  static String canonical(JsonNode node) {
    return node == null ? "{}" : JSON.writeValueAsString(node);
  }
}
