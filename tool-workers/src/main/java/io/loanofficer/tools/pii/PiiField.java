package io.loanofficer.tools.pii;

import io.loanofficer.pii.PiiKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The classification of result fields that hold personal data, by JSON field name (snake_case, as
 * results are written). The one place to extend when a tool starts returning a new personal field:
 * every value of a classified field is replaced by a token whatever it looks like.
 */
public final class PiiField {

  private static final Map<String, PiiKind> BY_NAME = Map.ofEntries(
      Map.entry("email", PiiKind.EMAIL),
      Map.entry("email_address", PiiKind.EMAIL),
      Map.entry("phone", PiiKind.PHONE),
      Map.entry("phone_number", PiiKind.PHONE),
      Map.entry("mobile", PiiKind.PHONE),
      Map.entry("address", PiiKind.ADDRESS),
      Map.entry("street_address", PiiKind.ADDRESS),
      Map.entry("mailing_address", PiiKind.ADDRESS),
      Map.entry("tax_id", PiiKind.TAX_ID),
      Map.entry("tin", PiiKind.TAX_ID),
      Map.entry("ein", PiiKind.TAX_ID),
      Map.entry("ssn", PiiKind.SSN),
      Map.entry("account_number", PiiKind.ACCOUNT_NUMBER),
      Map.entry("bank_account", PiiKind.ACCOUNT_NUMBER),
      Map.entry("iban", PiiKind.ACCOUNT_NUMBER),
      Map.entry("routing_number", PiiKind.ROUTING_NUMBER),
      Map.entry("card_number", PiiKind.CARD_NUMBER));

  private PiiField() {}

  /** The kind of personal data a field of this name holds, if any. */
  public static Optional<PiiKind> of(String fieldName) {
    return fieldName == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(fieldName.toLowerCase(Locale.ROOT)));
  }
}
