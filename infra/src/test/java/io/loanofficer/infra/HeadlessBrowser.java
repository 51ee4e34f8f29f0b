package io.loanofficer.infra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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
    return run(node, script, timeout, line -> { }, args);
  }

  /**
   * The same, handing each line to {@code onLine} as the script prints it, so that a script can ask
   * the test to act while it runs (a failure there fails the run once the script ended).
   */
  static Run run(String node, String script, Duration timeout, Consumer<String> onLine, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(node, BROWSER_DIR.resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    // read while it runs: the timeout holds even if the script stops printing, and no pipe fills up
    Thread reader = new Thread(() -> {
      try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          output.append(line).append('\n');
          try {
            onLine.accept(line);
          } catch (RuntimeException e) {
            failed.compareAndSet(null, e);
          }
        }
      } catch (IOException killed) {
        // the script was stopped at its timeout
      }
    }, "headless-browser-output");
    reader.setDaemon(true);
    reader.start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    System.out.println(output);
    if (failed.get() != null) {
      throw failed.get();
    }
    return new Run(finished, finished ? process.exitValue() : -1, output.toString());
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
