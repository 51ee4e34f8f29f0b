package io.loanofficer.agent.siem;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks personal data in free text before it leaves for the SIEM: e-mail addresses, US Social
 * Security numbers, card and account numbers (8 to 19 digits, grouped or not) and phone numbers.
 * Loan and borrower ids (L002, B001) are not personal data and stay.
 */
public final class PiiMasker {

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"), "[EMAIL]"),
      new Rule(Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b"), "[SSN]"),
      new Rule(Pattern.compile("(?<![\\w+])(?:\\+?1[ .-]?)?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}\\b"), "[PHONE]"),
      new Rule(Pattern.compile("\\b\\d{4}(?:[ -]\\d{4}){2,3}\\b"), "[ACCOUNT]"),
      new Rule(Pattern.compile("\\b\\d{9}\\b"), "[SSN]"),
      new Rule(Pattern.compile("\\b\\d{8,19}\\b"), "[ACCOUNT]"));

  private PiiMasker() {}

  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (Rule rule : RULES) {
      masked = rule.pattern().matcher(masked).replaceAll(rule.replacement());
    }
    return masked;
  }
}
