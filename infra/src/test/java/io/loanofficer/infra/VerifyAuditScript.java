package io.loanofficer.infra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs infra/verify-audit.py, the independent Python verifier of docs/audit-chain.md, as an
 * examiner would: {@code python3 infra/verify-audit.py ...}. Tests that need it skip, saying why,
 * when python3 or fastavro is missing (infra/test.sh installs fastavro).
 */
final class VerifyAuditScript {

  /** Tests run in the infra module's directory. */
  static final Path SCRIPT = Path.of("verify-audit.py");

  record Run(int exit, List<String> out, String err) {}

  private VerifyAuditScript() {}

  static void assumeAvailable() {
    assumeTrue(exitOf("python3", "-c", "import fastavro") == 0,
        "python3 with fastavro is missing (python3 -m pip install -r infra/requirements-verify.txt):"
            + " the independent verifier cannot run");
  }

  static Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("verify-audit.py did not finish in 60 s");
    }
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(),
        new String(err, StandardCharsets.UTF_8));
  }

  private static int exitOf(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
