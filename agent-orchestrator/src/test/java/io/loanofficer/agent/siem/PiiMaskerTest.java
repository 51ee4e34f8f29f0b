package io.loanofficer.agent.siem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiMaskerTest {

  @Test
  void masksEmailsPhonesSsnsAndAccountNumbersButKeepsLoanAndBorrowerIds() {
    String masked = PiiMasker.mask("Email jane.doe@farm.example or call (515) 555-0142 / +1 515-555-0199 about "
        + "SSN 123-45-6789, account 000123456789 and card 4111 1111 1111 1111 for loan L002, borrower B001.");
    assertThat(masked)
        .doesNotContain("jane.doe", "555-0142", "555-0199", "123-45-6789", "000123456789", "4111")
        .contains("[EMAIL]", "[PHONE]", "[SSN]", "[ACCOUNT]", "loan L002", "borrower B001");
    assertThat(PiiMasker.mask("What's the default risk for borrower B001?"))
        .isEqualTo("What's the default risk for borrower B001?");
    assertThat(PiiMasker.mask("SSN 123456789")).isEqualTo("SSN [SSN]");
    assertThat(PiiMasker.mask(null)).isNull();
  }
}
