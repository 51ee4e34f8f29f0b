package io.loanofficer.agent.planner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reading and printing result fields. A formatter that meets a missing field throws
 * {@link MissingField}; the composer then falls back to listing what is there, so nothing is invented.
 */
final class ResultFields {

  static final class MissingField extends RuntimeException {
    MissingField(String field) {
      super(field, null, false, false);
    }
  }

  private ResultFields() {}

  static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isMissingNode()) {
      throw new MissingField(name);
    }
    return value;
  }

  static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (value.isNull() || value.isContainer()) {
      throw new MissingField(name);
    }
    return value.isNumber() ? plain(value) : value.asString();
  }

  static BigDecimal number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isNumber()) {
      throw new MissingField(name);
    }
    return value.decimalValue();
  }

  /** $30,000.00 and -$12.50. */
  static String money(BigDecimal amount) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
    String digits = f.format(amount.abs().setScale(2, RoundingMode.HALF_UP));
    return (amount.signum() < 0 ? "-$" : "$") + digits;
  }

  /** Money with an explicit sign for changes: +$12.50 / -$12.50. */
  static String signedMoney(BigDecimal amount) {
    return amount.signum() > 0 ? "+" + money(amount) : money(amount);
  }

  static String money(JsonNode node, String name) {
    return money(number(node, name));
  }

  /** Two decimals: 0.86, 5.00. */
  static String two(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String two(JsonNode node, String name) {
    return two(number(node, name));
  }

  /** As the tool wrote it, without trailing zeros: 3.5, 60. */
  static String plain(JsonNode value) {
    BigDecimal d = value.decimalValue().stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  static String plain(JsonNode node, String name) {
    return plain(numberNode(node, name));
  }

  private static JsonNode numberNode(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isNumber()) {
      throw new MissingField(name);
    }
    return value;
  }

  static List<JsonNode> array(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw new MissingField(name);
    }
    List<JsonNode> out = new ArrayList<>();
    value.forEach(out::add);
    return out;
  }

  static List<String> texts(JsonNode node, String name) {
    return array(node, name).stream().map(JsonNode::asString).toList();
  }

  /** "1 payment" / "3 payments". */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** At most {@code limit} items, then "and N more". */
  static String list(List<JsonNode> items, int limit, Function<JsonNode, String> each, String separator) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, items.size()); i++) {
      parts.add(each.apply(items.get(i)));
    }
    String joined = String.join(separator, parts);
    return items.size() > limit ? joined + separator + "and " + (items.size() - limit) + " more" : joined;
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
