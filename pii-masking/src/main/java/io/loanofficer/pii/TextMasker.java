package io.loanofficer.pii;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in free text by pattern and replaces it: e-mail addresses, phone numbers
 * (NANP, with or without area code), SSNs, card numbers (13 to 19 digits passing the Luhn check),
 * ABA routing numbers (9 digits passing the ABA checksum) and other account numbers (8 to 17 digit
 * runs). The one implementation of these patterns: the tool worker uses it on every string of a
 * result, the orchestrator's output guard on the model's answer.
 *
 * <p>Tokens already in the text ({@code [EMAIL_1a2b3c]}) match none of the patterns and pass through.
 */
public final class TextMasker {

  /** What masking one text did: the masked text and how many values of each kind it replaced. */
  public record Masked(String text, Map<PiiKind, Integer> counts) {
    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![\\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}\\b");
  private static final Pattern SSN = Pattern.compile("(?<![\\w-])\\d{3}-\\d{2}-\\d{4}(?![\\w-])");
  /** 13 to 19 digits, optionally grouped by single spaces or dashes. */
  private static final Pattern CARD = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])");
  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w-])(?:(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}|\\d{3}-\\d{4})(?![\\w-])");
  private static final Pattern DIGIT_RUN = Pattern.compile("(?<![\\w.,-])\\d{8,17}(?![\\w-]|[.,]\\d)");

  private TextMasker() {}

  /**
   * Masks every match; {@code replacement} gets the kind and the raw value and returns the text to put
   * in its place (a token).
   */
  public static Masked mask(String text, BiFunction<PiiKind, String, String> replacement) {
    Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
    if (text == null || text.isEmpty() || cannotMatch(text)) {
      return new Masked(text, counts);
    }
    return maskByPatterns(text, replacement, counts);
  }

  /** Runs every pattern (what {@link #mask} does unless it can tell that none will match). */
  static Masked maskByPatterns(String text, BiFunction<PiiKind, String, String> replacement, Map<PiiKind, Integer> counts) {
    String s = text;
    s = replace(s, EMAIL, v -> PiiKind.EMAIL, replacement, counts);
    s = replace(s, SSN, v -> PiiKind.SSN, replacement, counts);
    s = replace(s, CARD, v -> luhn(digits(v)) ? PiiKind.CARD_NUMBER : null, replacement, counts);
    s = replace(s, PHONE, v -> PiiKind.PHONE, replacement, counts);
    s = replace(s, DIGIT_RUN, v -> v.length() == 9 && aba(v) ? PiiKind.ROUTING_NUMBER : PiiKind.ACCOUNT_NUMBER,
        replacement, counts);
    return new Masked(s, counts);
  }

  /**
   * True when no pattern can match: every pattern needs an '@' (e-mail) or at least 7 ASCII digits (the
   * shortest, a 7-digit phone number). Most strings of a result (names, ids, labels) are let through
   * without running the five patterns.
   */
  static boolean cannotMatch(String text) {
    if (text.indexOf('@') >= 0) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9' && ++digits >= 7) {
        return false;
      }
    }
    return true;
  }

  /** Masks with a fixed marker per kind, {@code [SSN_REDACTED]}: for text that has no conversation secret. */
  public static Masked redact(String text) {
    return mask(text, (kind, value) -> "[" + kind.name() + "_REDACTED]");
  }

  private interface Classifier {
    PiiKind kindOf(String value);
  }

  private static String replace(String s, Pattern pattern, Classifier classifier,
      BiFunction<PiiKind, String, String> replacement, Map<PiiKind, Integer> counts) {
    Matcher m = pattern.matcher(s);
    List<int[]> spans = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    while (m.find()) {
      PiiKind kind = classifier.kindOf(m.group());
      if (kind != null) {
        spans.add(new int[] {m.start(), m.end()});
        tokens.add(replacement.apply(kind, m.group()));
        counts.merge(kind, 1, Integer::sum);
      }
    }
    if (spans.isEmpty()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int at = 0;
    for (int i = 0; i < spans.size(); i++) {
      out.append(s, at, spans.get(i)[0]).append(tokens.get(i));
      at = spans.get(i)[1];
    }
    return out.append(s.substring(at)).toString();
  }

  private static String digits(String v) {
    return v.replaceAll("[^0-9]", "");
  }

  /** The Luhn check of card numbers. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return digits.length() >= 13 && sum % 10 == 0;
  }

  /** The ABA routing-number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
  static boolean aba(String d) {
    int[] w = {3, 7, 1};
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (d.charAt(i) - '0') * w[i % 3];
    }
    return sum % 10 == 0 && !d.equals("000000000");
  }
}
