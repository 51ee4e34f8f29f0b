package io.loanofficer.projection.siem;

import io.loanofficer.pii.TextMasker;
import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelDecision;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One audit record as an ECS document for the SIEM (docs/siem-mapping.md). Deterministic: the same
 * record always gives the same document, and event.id is the record's audit key, so a re-sent
 * document deduplicates. Payload text is never copied: only ids, tool names, outcomes and error
 * codes; the question goes out masked ({@link TextMasker#redact}) as {@code message}.
 *
 * <p>Valid ECS {@value #ECS_VERSION}: every field outside {@code loanofficer.*} is one that version
 * defines, with its type; event.category/event.type pairs are among its expected ones. Dotted names
 * are nested objects. The OpenTelemetry {@code gen_ai.*} attributes go under {@code loanofficer.gen_ai}:
 * ECS 8.11 has no gen_ai fields (docs/siem-mapping.md says why we keep 8.11).
 */
public final class EcsMapper {

  /** The ECS version the documents declare and conform to (ecs.version). */
  public static final String ECS_VERSION = "8.11.0";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final EventSerde serde = new EventSerde();

  /** The document for one audit.events record; a null value (tombstone) maps to an erasure event. */
  public String toJson(String key, byte[] value) {
    return JSON.writeValueAsString(toDocument(key, value));
  }

  Map<String, Object> toDocument(String key, byte[] value) {
    if (value == null) {
      return erasure(key);
    }
    AuditRecord record;
    SpecificRecord event;
    try {
      record = serde.decode(value, AuditRecord.class);
      event = serde.decode(record.getPayload().array());
    } catch (RuntimeException e) {
      return undecodable(key, e);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", record.getOccurredAt().toString());
    doc.put("ecs", Map.of("version", ECS_VERSION));
    Map<String, Object> ecsEvent = new LinkedHashMap<>();
    ecsEvent.put("id", key);
    ecsEvent.put("kind", "event");
    doc.put("event", ecsEvent);
    Map<String, Object> own = new LinkedHashMap<>();
    Map<String, Object> audit = new LinkedHashMap<>();
    audit.put("type", record.getType());
    audit.put("event_id", record.getEventId());
    audit.put("hash", record.getHash());
    audit.put("prev_hash", record.getPrevHash());
    own.put("audit", audit);

    Classification c = classify(event, own, doc);
    ecsEvent.put("category", c.category());
    ecsEvent.put("type", c.type());
    ecsEvent.put("action", record.getType());
    ecsEvent.put("outcome", c.outcome());
    ecsEvent.put("sequence", record.getSeq());
    ecsEvent.put("dataset", "loanofficer.audit");
    ecsEvent.put("module", "loanofficer");
    ecsEvent.put("hash", record.getHash());
    if (c.reason() != null) {
      ecsEvent.put("reason", c.reason());
    }
    if (record.getActor() != null) {
      doc.put("user", Map.of("id", record.getActor().getUserId(), "roles", List.copyOf(record.getActor().getRoles())));
    }
    if (record.getTraceId() != null) {
      doc.put("trace", Map.of("id", record.getTraceId()));
    }
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("conversation_id", record.getConversationId());
    labels.put("seq", Long.toString(record.getSeq()));
    String turnId = record.getAttributes().get("loanofficer.turn.id");
    if (turnId != null) {
      labels.put("turn_id", turnId);
    }
    doc.put("labels", labels);
    for (Map.Entry<String, String> attribute : new TreeMap<>(record.getAttributes()).entrySet()) {
      if (attribute.getKey().startsWith("gen_ai.")) {
        put(own, attribute.getKey(), attribute.getValue());
      } else if (attribute.getKey().equals("error.type")) {
        put(doc, "error.type", attribute.getValue());
      }
    }
    doc.put("service", Map.of("name", "agent-orchestrator"));
    doc.put("loanofficer", own);
    return doc;
  }

  private record Classification(List<String> category, List<String> type, String outcome, String reason) {}

  private Classification classify(SpecificRecord event, Map<String, Object> own, Map<String, Object> doc) {
    if (event instanceof ChatTurnSubmitted turn) {
      doc.put("message", redact(turn.getText()));
      own.put("gateway", Map.of("instance", turn.getGatewayInstance()));
      return new Classification(List.of("session"), List.of("start"), "success", null);
    }
    if (event instanceof ModelInvoked model) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("decision", model.getDecision().name());
      m.put("round", model.getRound());
      m.put("prompt_digest", model.getPromptDigest());
      m.put("message_count", model.getMessageCount());
      m.put("duration_ms", model.getDurationMillis());
      m.put("tools_asked", model.getToolCalls().stream().map(t -> t.getTool()).toList());
      own.put("model", m);
      put(own, "gen_ai.request.model", model.getModel());
      if (model.getInputTokens() != null) {
        put(own, "gen_ai.usage.input_tokens", model.getInputTokens());
      }
      if (model.getOutputTokens() != null) {
        put(own, "gen_ai.usage.output_tokens", model.getOutputTokens());
      }
      if (model.getResponseModel() != null) {
        put(own, "gen_ai.response.model", model.getResponseModel());
      }
      // a call to the model's API; a refusal is the model's safety control denying the request
      if (model.getDecision() == ModelDecision.REFUSAL) {
        return new Classification(List.of("api"), List.of("info", "denied"), "success", model.getRefusalReason());
      }
      return new Classification(List.of("api"), List.of("info"),
          model.getDecision() == ModelDecision.FAILED ? "failure" : "success", null);
    }
    if (event instanceof ToolCallRequested request) {
      own.put("tool", toolFields(request.getCallId(), request.getTool(), null, request.getArgumentsJson()));
      return new Classification(List.of("api"), List.of("start"), "unknown", null);
    }
    if (event instanceof ToolCallCompleted result) {
      Map<String, Object> tool = toolFields(result.getCallId(), result.getTool(), result.getOutcome(), null);
      tool.put("version", result.getToolVersion());
      tool.put("worker_id", result.getWorkerId());
      tool.put("duration_us", result.getDurationMicros());
      own.put("tool", tool);
      boolean ok = result.getOutcome() == ToolOutcome.OK;
      if (!ok) {
        put(doc, "error.code", result.getOutcome().name());
      }
      List<String> type = result.getOutcome() == ToolOutcome.FORBIDDEN ? List.of("end", "denied") : List.of("end");
      return new Classification(List.of("api"), type, ok ? "success" : "failure", null);
    }
    if (event instanceof ChatProgress progress) {
      own.put("tool", toolFields(progress.getCallId(), progress.getTool(), null, null));
      own.put("progress", progress.getStatus().name());
      String outcome = progress.getStatus() == ProgressStatus.COMPLETED ? "success"
          : progress.getStatus() == ProgressStatus.FAILED ? "failure" : "unknown";
      return new Classification(List.of("api"), List.of("info"), outcome, null);
    }
    if (event instanceof ChatReplyProduced reply) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("kind", reply.getKind().name());
      r.put("tool_calls", reply.getToolCalls().stream()
          .map(t -> Map.of("tool", t.getTool(), "outcome", t.getOutcome().name())).toList());
      own.put("reply", r);
      if (reply.getErrorCode() != null) {
        put(doc, "error.code", reply.getErrorCode());
      }
      // session allows no denied: a FORBIDDEN or RATE_LIMITED reply says so in error.code
      return new Classification(List.of("session"), List.of("end"),
          reply.getKind() == ReplyKind.ANSWER ? "success" : "failure", null);
    }
    if (event instanceof AccessRefused refused) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("kind", refused.getKind().name());
      r.put("code", refused.getCode());
      r.put("path", refused.getPath());
      own.put("refusal", r);
      own.put("gateway", Map.of("instance", refused.getGatewayInstance()));
      if (refused.getUserRef() != null) {
        put(doc, "user.id", refused.getUserRef());
      }
      // ECS records a failed authentication as authentication/start/failure; authentication has no denied
      return switch (refused.getKind()) {
        case AUTHENTICATION -> new Classification(List.of("authentication"), List.of("start"), "failure",
            refused.getReason());
        case LIMIT -> new Classification(List.of("network"), List.of("denied"), "failure", refused.getReason());
        case AUTHORIZATION, UNKNOWN -> new Classification(List.of("api"), List.of("denied"), "failure",
            refused.getReason());
      };
    }
    if (event instanceof GuardrailVerdict verdict) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("stage", verdict.getStage().toString());
      g.put("verdict", verdict.getVerdict().toString());
      g.put("reasons", verdict.getReasons());
      own.put("guardrail", g);
      // a guard screening text for attacks (prompt injection, PII extraction) and policy: an IPS-like control
      String type = switch (verdict.getVerdict()) {
        case REFUSED -> "denied";
        case ALLOWED, MASKED -> "allowed";
        case UNKNOWN -> "info";
      };
      return new Classification(List.of("intrusion_detection"), List.of(type), "success",
          verdict.getReasons().isEmpty() ? null : String.join(",", verdict.getReasons()));
    }
    if (event instanceof PiiRevealed reveal) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("conversation_id", reveal.getConversationId());
      p.put("token", reveal.getToken());
      p.put("kind", reveal.getKind());
      p.put("reveal_outcome", reveal.getOutcome().name());
      if (reveal.getBorrowerId() != null) {
        p.put("borrower_id", reveal.getBorrowerId());
      }
      own.put("pii", p);
      own.put("gateway", Map.of("instance", reveal.getGatewayInstance()));
      boolean revealed = reveal.getOutcome() == RevealOutcome.REVEALED;
      // database allows no denied: a refused reveal is an access with outcome failure and the reason
      return new Classification(List.of("database"), List.of("access"),
          revealed ? "success" : "failure", revealed ? null : reveal.getOutcome().name());
    }
    if (event instanceof AlertRaised alert) {
      // ECS's own kind for a rule that fired; the row change it fired on is a database change
      @SuppressWarnings("unchecked")
      Map<String, Object> ecsEvent = (Map<String, Object>) doc.get("event");
      ecsEvent.put("kind", "alert");
      doc.put("message", redact(alert.getText()));
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", alert.getAlertId());
      a.put("rule", alert.getRule().name());
      a.put("officer_id", alert.getOfficerId());
      a.put("borrower_id", alert.getBorrowerId());
      if (alert.getLoanId() != null) {
        a.put("loan_id", alert.getLoanId());
      }
      a.put("figures", new TreeMap<>(alert.getFigures()));
      a.put("change_key", alert.getChangeKey());
      a.put("source_position", alert.getSourcePosition());
      a.put("worker_id", alert.getWorkerId());
      own.put("alert", a);
      return new Classification(List.of("database"), List.of("change"), "success", alert.getRule().name());
    }
    return new Classification(List.of("api"), List.of("info"), "unknown", null);
  }

  /** Tool name, call id, outcome, and of the arguments only the ids (loan_id, borrower_id). */
  private static Map<String, Object> toolFields(String callId, String tool, ToolOutcome outcome, String argumentsJson) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", tool);
    fields.put("call_id", callId);
    if (outcome != null) {
      fields.put("outcome", outcome.name());
    }
    if (argumentsJson != null) {
      Map<String, String> ids = new TreeMap<>();
      try {
        JsonNode arguments = JSON.readTree(argumentsJson);
        for (Map.Entry<String, JsonNode> field : arguments.properties()) {
          if (field.getKey().endsWith("_id") && field.getValue().isString()) {
            ids.put(field.getKey(), redact(field.getValue().asString()));
          }
        }
      } catch (RuntimeException e) {
        ids.put("unparsed", "true");
      }
      fields.put("ids", ids);
    }
    return fields;
  }

  private static Map<String, Object> erasure(String key) {
    Map<String, Object> doc = pipelineDocument(key + "/erased", "event", "configuration", "deletion",
        "AuditRecordErased", "success");
    Map<String, Object> labels = new LinkedHashMap<>();
    try {
      String chain = AuditKeys.chainOf(key);
      labels.put("conversation_id", chain);
      labels.put("seq", key.substring(chain.length() + 1));
    } catch (IllegalArgumentException e) {
      labels.put("key", key);
    }
    doc.put("labels", labels);
    doc.put("message", "Audit record " + key + " was erased by a tombstone (legal erasure)");
    return doc;
  }

  private static Map<String, Object> undecodable(String key, RuntimeException e) {
    // ECS: an ingestion error is event.kind pipeline_error, never event.type error; no category fits
    Map<String, Object> doc = pipelineDocument(key, "pipeline_error", null, null, "UndecodableAuditRecord",
        "unknown");
    doc.put("error", Map.of("type", e.getClass().getSimpleName(), "message", String.valueOf(e.getMessage())));
    return doc;
  }

  /** A document about the audit log itself (an erasure, an undecodable record). */
  private static Map<String, Object> pipelineDocument(String id, String kind, String category, String type,
      String action, String outcome) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", Instant.now().toString());
    doc.put("ecs", Map.of("version", ECS_VERSION));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", id);
    event.put("kind", kind);
    if (category != null) {
      event.put("category", List.of(category));
      event.put("type", List.of(type));
    }
    event.put("action", action);
    event.put("outcome", outcome);
    event.put("dataset", "loanofficer.audit");
    doc.put("event", event);
    return doc;
  }

  /** Puts a dotted name as nested objects (gen_ai.tool.name → gen_ai: {tool: {name}}). */
  @SuppressWarnings("unchecked")
  static void put(Map<String, Object> doc, String dotted, Object value) {
    String[] parts = dotted.split("\\.");
    Map<String, Object> node = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.get(parts[i]);
      if (!(child instanceof Map)) {
        if (child != null) {
          doc.put(dotted, value); // a leaf already sits where an object would go: keep the dotted name
          return;
        }
        child = new LinkedHashMap<String, Object>();
        node.put(parts[i], child);
      } else if (!(child instanceof LinkedHashMap)) {
        child = new LinkedHashMap<>((Map<String, Object>) child);
        node.put(parts[i], child);
      }
      node = (Map<String, Object>) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  /** The project's one text masker, with fixed markers: the SIEM has no conversation secret for tokens. */
  private static String redact(String text) {
    return text == null ? null : TextMasker.redact(text).text();
  }
}
