package io.loanofficer.agent.guardrails;

import io.loanofficer.pii.TextMasker;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data-loss prevention on the model's answer, before the reply is produced.
 * <ul>
 *   <li>Card numbers, SSNs, account and routing numbers, e-mails and phone numbers in the text become
 *   fixed markers ({@code [SSN_REDACTED]}). The worker's per-conversation tokens
 *   ({@code [EMAIL_1a2b3c]}) match no pattern and pass through.</li>
 *   <li>An answer that quotes the model's own instructions (any sentence of the system prompt) is
 *   replaced by the injection refusal ({@code SYSTEM_PROMPT_LEAK}).</li>
 * </ul>
 * Whatever the model was told (by the user or by a tool result), raw personal data and its
 * instructions do not leave in an answer.
 */
public final class OutputGuard {

  public static final String SYSTEM_PROMPT_LEAK = "SYSTEM_PROMPT_LEAK";
  /** Shorter fragments ("Be concise and factual.") are ordinary phrases, not a leak. */
  private static final int MIN_FRAGMENT = 40;

  /** The answer to send, the values masked by kind, and the reason when the whole answer was replaced. */
  public record Screened(String text, Map<String, Integer> masked, String refusedReason) {
    public int maskedTotal() {
      return masked.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String maskedCounts() {
      return String.join(",", masked.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
  }

  private final List<String> instructionFragments;

  public OutputGuard() {
    this("");
  }

  /** @param instructions the system prompt the model runs under (empty for the offline planner) */
  public OutputGuard(String instructions) {
    this.instructionFragments = Arrays.stream(normalize(instructions).split("(?<=[.:;!?])\\s+|\\s+-\\s+"))
        .map(f -> f.replaceFirst("^[-*\u2022]\\s*", "").trim())
        .filter(f -> f.length() >= MIN_FRAGMENT)
        .toList();
  }

  public Screened screen(String answer) {
    TextMasker.Masked masked = TextMasker.redact(answer);
    Map<String, Integer> counts = new LinkedHashMap<>();
    masked.counts().forEach((kind, n) -> counts.put(kind.name(), n));
    String normalized = normalize(answer);
    for (String fragment : instructionFragments) {
      if (normalized.contains(fragment)) {
        return new Screened(InputGuard.INJECTION_TEXT, counts, SYSTEM_PROMPT_LEAK);
      }
    }
    return new Screened(masked.text(), counts, null);
  }

  private static String normalize(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
  }
}
