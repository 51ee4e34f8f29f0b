package io.loanofficer.infra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of infra/src/test/browser with node: Debian's Chromium driven by playwright-core.
 * The browser tests skip, with the reason, when node, Chromium or playwright-core are missing
 * (infra/test.sh installs them).
 */
final class HeadlessBrowser {

  static final Path BROWSER_DIR = Path.of("src", "test", "browser");
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

  /** What the script printed, whether it ended in time, and its exit status. */
  record Run(boolean finished, int exitValue, String output) {}

  private HeadlessBrowser() {}

  /** Skips the calling test unless node, Chromium and playwright-core are all there. */
  static String assumeAvailable() throws InterruptedException {
    String node = findNode();
    assumeTrue(node != null, "node is not installed: the browser test cannot run");
    assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (apt-get install chromium): the browser test cannot run");
    assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core")),
        "playwright-core is not installed in " + BROWSER_DIR + " (npm ci there): the browser test cannot run");
    return node;
  }

  /** Runs {@code script} (a file of infra/src/test/browser) with its arguments; prints its output. */
  static Run run(String node, String script, Duration timeout, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(node, BROWSER_DIR.resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(output);
    return new Run(finished, finished ? process.exitValue() : -1, output);
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
