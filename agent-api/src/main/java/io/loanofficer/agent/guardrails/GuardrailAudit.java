package io.loanofficer.agent.guardrails;

import io.loanofficer.events.GuardrailOutcome;
import io.loanofficer.events.GuardrailStage;
import io.loanofficer.events.GuardrailVerdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Guardrail verdicts as audit events and as {@code loanofficer.guardrail.*} attributes of the reply. */
public final class GuardrailAudit {

  public static final String INPUT = "loanofficer.guardrail.input";
  public static final String INPUT_REASON = "loanofficer.guardrail.input.reason";
  public static final String OUTPUT = "loanofficer.guardrail.output";
  public static final String OUTPUT_MASKED = "loanofficer.guardrail.output.masked";
  public static final String OUTPUT_REASON = "loanofficer.guardrail.output.reason";

  private GuardrailAudit() {}

  public static GuardrailVerdict input(String conversationId, String turnId, Optional<InputGuard.Refusal> refusal,
      Instant at) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("guard", InputGuard.class.getSimpleName());
    return GuardrailVerdict.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setStage(GuardrailStage.INPUT)
        .setVerdict(refusal.isPresent() ? GuardrailOutcome.REFUSED : GuardrailOutcome.ALLOWED)
        .setReasons(refusal.map(r -> List.of(r.reason())).orElse(List.of()))
        .setDetails(details)
        .setOccurredAt(at)
        .build();
  }

  /** The gateway redacted personal data from the question before publishing it (counts by kind). */
  public static GuardrailVerdict inputRedacted(String conversationId, String turnId, Map<String, Integer> counts,
      Instant at) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("guard", "gateway TextMasker");
    counts.forEach((kind, n) -> details.put(kind, String.valueOf(n)));
    return GuardrailVerdict.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setStage(GuardrailStage.INPUT)
        .setVerdict(GuardrailOutcome.MASKED)
        .setReasons(List.copyOf(counts.keySet()))
        .setDetails(details)
        .setOccurredAt(at)
        .build();
  }

  public static GuardrailVerdict output(String conversationId, String turnId, OutputGuard.Screened screened,
      Instant at) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("guard", OutputGuard.class.getSimpleName());
    screened.masked().forEach((kind, n) -> details.put(kind, String.valueOf(n)));
    List<String> reasons = new java.util.ArrayList<>(screened.masked().keySet());
    if (screened.refusedReason() != null) {
      reasons.add(0, screened.refusedReason());
    }
    return GuardrailVerdict.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setStage(GuardrailStage.OUTPUT)
        .setVerdict(outcome(screened))
        .setReasons(reasons)
        .setDetails(details)
        .setOccurredAt(at)
        .build();
  }

  /** REFUSED (the answer was replaced), MASKED (values were masked) or ALLOWED (sent as the model wrote it). */
  public static GuardrailOutcome outcome(OutputGuard.Screened screened) {
    return screened.refusedReason() != null ? GuardrailOutcome.REFUSED
        : screened.maskedTotal() > 0 ? GuardrailOutcome.MASKED : GuardrailOutcome.ALLOWED;
  }
}
