package io.loanofficer.toolspec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of tool argument. Each kind knows both its JSON schema fragment (what the model is shown)
 * and how a raw value is validated and normalised (what the worker accepts), so the two never drift.
 */
public enum ParameterKind {
  LOAN_ID("^L[0-9]+$", "Loan id such as L001"),
  BORROWER_ID("^B[0-9]+$", "Borrower id such as B001"),
  PERCENT_CHANGE(null, "Signed price change in percent, e.g. \"-10%\" or \"+15%\""),
  CHOICE(null, null),
  TEXT(null, null);

  private static final Pattern PERCENT = Pattern.compile(
      "^(?<dir>up|down|increase|decrease|rise|drop|fall)?\\s*(?<sign>[+-])?\\s*(?<num>\\d+(?:\\.\\d+)?)\\s*%?\\s*(?<dir2>up|down|increase|decrease|rise|drop|fall)?$");

  private final String pattern;
  private final String hint;

  ParameterKind(String pattern, String hint) {
    this.pattern = pattern;
    this.hint = hint;
  }

  public Optional<String> pattern() {
    return Optional.ofNullable(pattern);
  }

  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  /**
   * The value as the tool receives it, or empty when it is not acceptable.
   * IDs are upper-cased (users type "l001"); choices are lower-cased; percentages become "-10%".
   */
  public Optional<String> normalise(String raw, List<String> choices) {
    if (raw == null) {
      return Optional.empty();
    }
    String value = raw.trim();
    switch (this) {
      case LOAN_ID, BORROWER_ID -> {
        String upper = value.toUpperCase(Locale.ROOT);
        return upper.matches(pattern) && upper.length() <= 12 ? Optional.of(upper) : Optional.empty();
      }
      case PERCENT_CHANGE -> {
        return percent(value.toLowerCase(Locale.ROOT));
      }
      case CHOICE -> {
        String lower = value.toLowerCase(Locale.ROOT);
        return choices.contains(lower) ? Optional.of(lower) : Optional.empty();
      }
      default -> {
        return value.isEmpty() || value.length() > 200 ? Optional.empty() : Optional.of(value);
      }
    }
  }

  private static Optional<String> percent(String value) {
    Matcher m = PERCENT.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    String direction = m.group("dir") != null ? m.group("dir") : m.group("dir2");
    boolean negative = "-".equals(m.group("sign"))
        || (direction != null && List.of("down", "decrease", "drop", "fall").contains(direction));
    if ("-".equals(m.group("sign")) && direction != null && !negative) {
      return Optional.empty();
    }
    double number = Double.parseDouble(m.group("num"));
    if (number > 100 && negative || number > 1000) {
      return Optional.empty();
    }
    String digits = number == Math.rint(number) ? Long.toString((long) number) : m.group("num");
    return Optional.of((negative ? "-" : "+") + digits + "%");
  }
}
