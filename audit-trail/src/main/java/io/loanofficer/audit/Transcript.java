package io.loanofficer.audit;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * What happened in a conversation, rebuilt from its audit records alone by decoding their payloads:
 * per turn who asked and what, each model step (model, decision, tool calls asked), each tool call
 * run (arguments, outcome, result), and the final reply. Plain records that serialize to JSON.
 * Outcomes are written as the WebSocket protocol writes them (lower case: ok, not_found, ...).
 *
 * @param reveals real values behind PII tokens shown to a user in this conversation (never the value)
 * @param notes records that could not be placed (erased turns, undecodable payloads)
 */
public record Transcript(String conversationId, List<Turn> turns, List<Reveal> reveals, List<String> notes) {

  public record Asker(String userId, List<String> roles) {}

  /**
   * @param gatewayInstance the gateway that accepted the turn
   * @param guardrails the verdicts the guardrails recorded on this turn (a refusal, a masking)
   */
  public record Turn(String turnId, Long seq, String clientMessageId, String askedAt, Asker askedBy,
      String gatewayInstance, String traceId, String question, List<Guardrail> guardrails, List<ModelStep> modelSteps, List<ToolCall> toolCalls, Reply reply) {}

  /**
   * One model call: what it decided; messagesSent is the per-step delta as sent (masked as sent);
   * the tokens when the model reported them and the version that served it (gen_ai.response.model)
   * when the model named one (null otherwise).
   */
  public record ModelStep(long seq, int round, String model, String decision, List<ToolAsked> toolCallsAsked,
      String text, String refusalReason, String promptDigest, int messageCount, JsonNode messagesSent,
      long durationMillis, Long inputTokens, Long outputTokens, String responseModel) {}

  public record ToolAsked(String callId, String tool, JsonNode arguments) {}

  /** A guardrail's verdict: stage INPUT or OUTPUT, verdict REFUSED or MASKED, reason codes, counts. */
  public record Guardrail(long seq, String stage, String verdict, List<String> reasons, Map<String, String> details) {}

  /** Who saw the real value behind which token, and whose value it was. */
  public record Reveal(long seq, String at, Asker by, String kind, String token, String borrowerId) {}

  /**
   * A tool call as run: requested (seq), completed (seq) with its outcome and result, and how long
   * the worker ran it (null when no worker reported, e.g. a TIMEOUT).
   */
  public record ToolCall(String callId, int round, String tool, JsonNode arguments, String outcome, JsonNode result,
      String errorMessage, String toolVersion, String workerId, Long requestedSeq, Long completedSeq,
      Long durationMicros) {}

  public record Reply(long seq, String kind, String text, String errorCode, List<ReplyToolCall> toolCalls,
      String producedAt) {}

  public record ReplyToolCall(String tool, JsonNode arguments, String outcome) {}

  private static final JsonMapper JSON = JsonMapper.shared();

  /** Rebuilds the transcript from a chain's records (seq order). */
  public static Transcript of(String conversationId, List<AuditRecord> records) {
    EventSerde serde = new EventSerde();
    Map<String, TurnBuilder> turns = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    List<Reveal> reveals = new ArrayList<>();
    for (AuditRecord record : records) {
      SpecificRecord event;
      try {
        event = serde.decode(record.getPayload().array());
      } catch (RuntimeException e) {
        notes.add("seq " + record.getSeq() + " (" + record.getType() + "): payload cannot be decoded: " + e.getMessage());
        continue;
      }
      long seq = record.getSeq();
      if (event instanceof ChatTurnSubmitted turn) {
        TurnBuilder builder = turns.computeIfAbsent(turn.getTurnId(), TurnBuilder::new);
        builder.seq = seq;
        builder.clientMessageId = turn.getClientMessageId();
        builder.askedAt = turn.getSubmittedAt().toString();
        builder.askedBy = new Asker(turn.getActor().getUserId(), List.copyOf(turn.getActor().getRoles()));
        builder.gatewayInstance = turn.getGatewayInstance();
        builder.traceId = turn.getTraceId();
        builder.question = turn.getText();
      } else if (event instanceof ModelInvoked model) {
        turns.computeIfAbsent(model.getTurnId(), TurnBuilder::new).modelSteps.add(new ModelStep(seq, model.getRound(),
            model.getModel(), model.getDecision().name(),
            model.getToolCalls().stream().map(c -> new ToolAsked(c.getCallId(), c.getTool(), json(c.getArgumentsJson())))
                .toList(),
            model.getText(), model.getRefusalReason(), model.getPromptDigest(), model.getMessageCount(),
            json(model.getNewMessagesJson()), model.getDurationMillis(), model.getInputTokens(),
            model.getOutputTokens(), model.getResponseModel()));
      } else if (event instanceof ToolCallRequested request) {
        TurnBuilder builder = turns.computeIfAbsent(request.getTurnId(), TurnBuilder::new);
        CallBuilder call = builder.call(request.getCallId());
        call.round = request.getRound();
        call.tool = request.getTool();
        call.arguments = json(request.getArgumentsJson());
        call.requestedSeq = seq;
      } else if (event instanceof ToolCallCompleted result) {
        TurnBuilder builder = turns.computeIfAbsent(result.getTurnId(), TurnBuilder::new);
        CallBuilder call = builder.call(result.getCallId());
        if (call.tool == null) {
          call.tool = result.getTool();
        }
        call.outcome = outcome(result.getOutcome());
        call.result = result.getResultJson() == null ? null : json(result.getResultJson());
        call.errorMessage = result.getErrorMessage();
        call.toolVersion = result.getToolVersion();
        call.workerId = result.getWorkerId();
        call.completedSeq = seq;
        call.durationMicros = result.getDurationMicros();
      } else if (event instanceof ChatReplyProduced reply) {
        TurnBuilder builder = turns.computeIfAbsent(reply.getTurnId(), TurnBuilder::new);
        builder.reply = new Reply(seq, reply.getKind().name(), reply.getText(), reply.getErrorCode(),
            reply.getToolCalls().stream().map(Transcript::replyCall).toList(), reply.getProducedAt().toString());
        for (ToolCallSummary summary : reply.getToolCalls()) {
          CallBuilder call = builder.call(summary.getCallId());
          if (call.outcome == null) {
            call.outcome = outcome(summary.getOutcome()); // e.g. TIMEOUT, which no worker reported
          }
        }
      } else if (event instanceof GuardrailVerdict verdict) {
        turns.computeIfAbsent(verdict.getTurnId(), TurnBuilder::new).guardrails.add(new Guardrail(seq,
            verdict.getStage().name(), verdict.getVerdict().name(), List.copyOf(verdict.getReasons()),
            new TreeMap<>(verdict.getDetails())));
      } else if (event instanceof PiiRevealed reveal) {
        Asker by = reveal.getActor() == null ? null
            : new Asker(reveal.getActor().getUserId(), List.copyOf(reveal.getActor().getRoles()));
        reveals.add(new Reveal(seq, reveal.getOccurredAt().toString(), by, reveal.getKind(), reveal.getToken(),
            reveal.getBorrowerId()));
      } else if (event instanceof ChatProgress) {
        continue; // what the slider showed while tools ran; the calls themselves are above
      } else {
        notes.add("seq " + seq + ": " + record.getType() + " is not part of a conversation transcript");
      }
    }
    List<Turn> built = new ArrayList<>();
    for (TurnBuilder builder : turns.values()) {
      if (builder.question == null) {
        notes.add("turn " + builder.turnId + ": its question is not in the chain (erased or missing)");
      }
      built.add(builder.build());
    }
    return new Transcript(conversationId, built, reveals, notes);
  }

  public String toJson() {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
  }

  /** A plain-text rendering for people (the CLI prints it). */
  public String toText() {
    StringBuilder out = new StringBuilder("Conversation ").append(conversationId).append('\n');
    int n = 0;
    for (Turn turn : turns) {
      out.append("\nTurn ").append(++n).append(" (").append(turn.turnId()).append(")");
      if (turn.askedBy() != null) {
        out.append(" asked by ").append(turn.askedBy().userId()).append(' ').append(turn.askedBy().roles())
            .append(" at ").append(turn.askedAt());
      }
      out.append("\n  Q: ").append(turn.question() == null ? "(not in the chain)" : turn.question()).append('\n');
      for (Guardrail guardrail : turn.guardrails()) {
        out.append("  guardrail ").append(guardrail.stage()).append(' ').append(guardrail.verdict())
            .append(' ').append(guardrail.reasons()).append('\n');
      }
      for (ModelStep step : turn.modelSteps()) {
        out.append("  model ").append(step.model()).append(" round ").append(step.round()).append(": ")
            .append(step.decision());
        for (ToolAsked asked : step.toolCallsAsked()) {
          out.append(' ').append(asked.tool()).append(asked.arguments());
        }
        out.append(" (").append(step.durationMillis()).append(" ms)\n");
      }
      for (ToolCall call : turn.toolCalls()) {
        out.append("  tool ").append(call.tool()).append(call.arguments()).append(" -> ").append(call.outcome());
        if (call.result() != null) {
          out.append(' ').append(call.result());
        } else if (call.errorMessage() != null) {
          out.append(": ").append(call.errorMessage());
        }
        out.append('\n');
      }
      if (turn.reply() != null) {
        out.append("  A [").append(turn.reply().kind());
        if (turn.reply().errorCode() != null) {
          out.append(' ').append(turn.reply().errorCode());
        }
        out.append("]: ").append(turn.reply().text()).append('\n');
      } else {
        out.append("  (no reply in the chain)\n");
      }
    }
    for (Reveal reveal : reveals) {
      out.append("\nreveal: ").append(reveal.kind()).append(' ').append(reveal.token()).append(" of ")
          .append(reveal.borrowerId()).append(" to ").append(reveal.by() == null ? "?" : reveal.by().userId())
          .append(" at ").append(reveal.at());
    }
    for (String note : notes) {
      out.append("\nnote: ").append(note);
    }
    return out.toString();
  }

  private static ReplyToolCall replyCall(ToolCallSummary summary) {
    return new ReplyToolCall(summary.getTool(), json(summary.getArgumentsJson()), outcome(summary.getOutcome()));
  }

  static String outcome(ToolOutcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      return StringNode.valueOf(text);
    }
  }

  private static final class CallBuilder {
    final String callId;
    int round;
    String tool;
    JsonNode arguments;
    String outcome;
    JsonNode result;
    String errorMessage;
    String toolVersion;
    String workerId;
    Long requestedSeq;
    Long completedSeq;
    Long durationMicros;

    CallBuilder(String callId) {
      this.callId = callId;
    }

    ToolCall build() {
      return new ToolCall(callId, round, tool, arguments, outcome, result, errorMessage, toolVersion, workerId,
          requestedSeq, completedSeq, durationMicros);
    }
  }

  private static final class TurnBuilder {
    final String turnId;
    Long seq;
    String clientMessageId;
    String askedAt;
    Asker askedBy;
    String gatewayInstance;
    String traceId;
    String question;
    final List<Guardrail> guardrails = new ArrayList<>();
    final List<ModelStep> modelSteps = new ArrayList<>();
    final Map<String, CallBuilder> calls = new LinkedHashMap<>();
    Reply reply;

    TurnBuilder(String turnId) {
      this.turnId = turnId;
    }

    CallBuilder call(String callId) {
      return calls.computeIfAbsent(callId, CallBuilder::new);
    }

    Turn build() {
      return new Turn(turnId, seq, clientMessageId, askedAt, askedBy, gatewayInstance, traceId, question,
          List.copyOf(guardrails), List.copyOf(modelSteps),
          calls.values().stream().map(CallBuilder::build).toList(), reply);
    }
  }

  /** For callers that keep times: the instant of an ISO string field. */
  public static Instant instant(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }
}
