package io.loanofficer.pii;

/**
 * The kinds of personal data the system masks. The name is the token prefix:
 * {@code [EMAIL_1a2b3c]}, {@code [CARD_NUMBER_REDACTED]}.
 */
public enum PiiKind {
  EMAIL,
  PHONE,
  ADDRESS,
  TAX_ID,
  SSN,
  CARD_NUMBER,
  ACCOUNT_NUMBER,
  ROUTING_NUMBER
}
