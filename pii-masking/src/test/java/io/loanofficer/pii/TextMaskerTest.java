package io.loanofficer.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Random;
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
  void theShortestMatchesAreStillFound() {
    assertThat(TextMasker.redact("call 555-0102").text()).isEqualTo("call [PHONE_REDACTED]");
    assertThat(TextMasker.redact("a@b.co").text()).isEqualTo("[EMAIL_REDACTED]");
    assertThat(TextMasker.redact("B123456 Kevin Lopez").text()).isEqualTo("B123456 Kevin Lopez");
  }

  @Test
  void aTextWithoutAnAtSignAndWithFewerThanSevenDigitsMatchesNoPattern() {
    // the shortcut's claim, against the patterns themselves on random texts of the patterns' characters
    Random random = new Random(11);
    String alphabet = "0123456789-. ()+/,x";
    int shortcut = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(24); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = text.toString();
      if (!s.isEmpty() && TextMasker.cannotMatch(s)) {
        shortcut++;
        TextMasker.Masked m = TextMasker.maskByPatterns(s, (kind, value) -> "#", new EnumMap<>(PiiKind.class));
        assertThat(m.text()).as(s).isEqualTo(s);
        assertThat(m.total()).as(s).isZero();
      }
    }
    assertThat(shortcut).isGreaterThan(10_000);
    assertThat(TextMasker.cannotMatch("123456 x")).isTrue();
    assertThat(TextMasker.cannotMatch("1234567")).isFalse();
    assertThat(TextMasker.cannotMatch("x@y")).isFalse();
  }

  @Test
  void aSixteenDigitNumberFailingLuhnIsAnAccountNumberNotACard() {
    assertThat(TextMasker.luhn("4111111111111111")).isTrue();
    assertThat(TextMasker.luhn("4111111111111112")).isFalse();
    assertThat(TextMasker.redact("4111111111111112").text()).isEqualTo("[ACCOUNT_NUMBER_REDACTED]");
  }
}
