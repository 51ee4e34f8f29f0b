package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.events.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The slider in a real browser: Debian's Chromium, driven by playwright-core (infra/src/test/browser),
 * against gw-1 of the running system. It opens the panel, asks about L002's collateral, sees the
 * progress line and the answer table with 0.86, keeps a screenshot in
 * infra/target/test-artifacts/slider.png, then drops the connection and sees the slider resume; then
 * asks for B001's details and reveals the e-mail token, which the gateway's audit chain records.
 * Skipped, with the reason, when node, Chromium or playwright-core are missing (infra/test.sh
 * installs them).
 */
class SliderBrowserTest {

  @Test
  void anOfficerAsksInTheSliderAndSeesProgressThenTheAnswerTable() throws Exception {
    String node = HeadlessBrowser.assumeAvailable();
    String baseUrl = TwoGatewaySystem.browserBaseUrl();
    Path screenshot = Path.of("target", "test-artifacts", "slider.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    HeadlessBrowser.Run run = HeadlessBrowser.run(node, "slider.spec.js", Duration.ofSeconds(120), baseUrl,
        screenshot.toString());
    boolean finished = run.finished();
    String output = run.output();
    assertThat(finished).as("browser test finished in time; output:%n%s", output).isTrue();
    assertThat(run.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("ok: answer table shows 0.86", "ok: progress line ended completed",
        "ok: after reconnecting the slider sent resume for its conversation", "ok: revealed in conversation", "ok: accepted frame reports the redacted SSN",
        "ok: the redacted question was answered", "PASS");
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);

    // the reveal the officer clicked is on gw-1's audit chain, with the token and without the value
    Matcher revealed = Pattern.compile("ok: revealed in conversation (\\S+)").matcher(output);
    assertThat(revealed.find()).isTrue();
    EventSerde serde = new EventSerde();
    List<PiiRevealed> reveals = AuditLogReader.forBootstrap(TwoGatewaySystem.get().bootstrapServers()).read("gateway-gw-1")
        .records().stream().filter(r -> r.getType().equals("PiiRevealed"))
        .map(r -> serde.decode(r.getPayload().array(), PiiRevealed.class))
        .filter(r -> r.getConversationId().equals(revealed.group(1))).toList();
    assertThat(reveals).singleElement().satisfies(r -> {
      assertThat(r.getOutcome()).isEqualTo(RevealOutcome.REVEALED);
      assertThat(r.getKind()).isEqualTo("EMAIL");
      assertThat(r.getBorrowerId()).isEqualTo("B001");
      assertThat(r.toString()).doesNotContain("john.doe");
    });
  }
}
