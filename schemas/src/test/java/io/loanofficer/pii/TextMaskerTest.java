package io.loanofficer.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextMaskerTest {

  @Test
  void masksEachKind() {
    TextMasker.Masked m = TextMasker.redact("Mail jane.smith@example.com or call (555) 010-2000 / 555-0102; "
        + "SSN 123-45-6789, card 4111 1111 1111 1111, routing 021000021, account 00123456789.");
    assertThat(m.text()).isEqualTo("Mail [EMAIL_REDACTED] or call [PHONE_REDACTED] / [PHONE_REDACTED]; "
        + "SSN [SSN_REDACTED], card [CARD_NUMBER_REDACTED], routing [ROUTING_NUMBER_REDACTED], account [ACCOUNT_NUMBER_REDACTED].");
    assertThat(m.counts()).containsEntry(PiiKind.EMAIL, 1).containsEntry(PiiKind.PHONE, 2).containsEntry(PiiKind.SSN, 1)
        .containsEntry(PiiKind.CARD_NUMBER, 1).containsEntry(PiiKind.ROUTING_NUMBER, 1).containsEntry(PiiKind.ACCOUNT_NUMBER, 1);
    assertThat(m.total()).isEqualTo(7);
  }

  @Test
  void leavesBusinessFiguresTokensAndIdsAlone() {
    String text = "Loan L001 of $100,000.00 at 5.25% since 2024-01-15, risk 42.50 points; borrower B003, "
        + "contact [EMAIL_1a2b3c] [PHONE_00ff12]; 12 months; 2026-11-25.";
    TextMasker.Masked m = TextMasker.redact(text);
    assertThat(m.text()).isEqualTo(text);
    assertThat(m.total()).isZero();
  }

  @Test
  void aSixteenDigitNumberFailingLuhnIsAnAccountNumberNotACard() {
    assertThat(TextMasker.luhn("4111111111111111")).isTrue();
    assertThat(TextMasker.luhn("4111111111111112")).isFalse();
    assertThat(TextMasker.redact("4111111111111112").text()).isEqualTo("[ACCOUNT_NUMBER_REDACTED]");
  }
}
