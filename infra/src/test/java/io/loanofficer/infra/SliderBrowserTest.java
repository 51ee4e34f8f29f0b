package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.events.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
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
@ExtendWith(KafkaLane.class)
class SliderBrowserTest {

  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

  @Test
  void anOfficerAsksInTheSliderAndSeesProgressThenTheAnswerTable() throws Exception {
    String node = findNode();
    assumeTrue(node != null, "node is not installed: the browser test cannot run");
    assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (apt-get install chromium): the browser test cannot run");
    assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core")),
        "playwright-core is not installed in " + BROWSER_DIR + " (npm ci there): the browser test cannot run");

    String baseUrl = TwoGatewaySystem.browserBaseUrl();
    Path screenshot = Path.of("target", "test-artifacts", "slider.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    Process process = new ProcessBuilder(node, BROWSER_DIR.resolve("slider.spec.js").toString(), baseUrl,
        screenshot.toString()).redirectErrorStream(true).start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(finished).as("browser test finished in time; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
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

  private static String findNode() throws InterruptedException {
    for (String candidate : new String[] {"node", "/usr/bin/node", "/usr/local/bin/node"}) {
      try {
        Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException notThere) {
        // try the next one
      }
    }
    return null;
  }
}
