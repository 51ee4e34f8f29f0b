package io.loanofficer.infra.bench;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.chatclient.DevTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Recovery times of the local stack (infra/run-local.sh), on the loopback only, every wait bounded:
 * a clean start and a clean restart of the whole stack (its "ready" line to the first answer); then,
 * per service, a {@code kill -9} followed 2 s later by a restart with the same command line and
 * environment, and a graceful restart (SIGTERM, then the same command line): from the fault to the
 * first answered turn (one instance per service: every partition is affected), and from the restarted
 * process being ready to that answer. Usage: infra/bench-recovery.sh [service...] (tool-worker,
 * orchestrator, gateway; default all three)
 */
public final class RecoveryBenchmark {

  private static final URI GATEWAY = URI.create("http://127.0.0.1:8080");
  private static final int[] PORTS = {8082, 8081, 8080};
  private static final String[] SERVICES = {"tool-worker", "orchestrator", "gateway"};
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(120);
  private static final String QUESTION = "What's the status of loan L001?";

  private final Path root = Path.of("").toAbsolutePath();
  private final Map<String, String> results = new LinkedHashMap<>();
  private int users;

  private RecoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    new RecoveryBenchmark().run(List.of(args));
  }

  private void run(List<String> only) throws Exception {
    Stack first = Stack.start(root);
    results.put("start: ready -> first answer", seconds(first.readyAtNanos, answerOnce()));
    first.stop();
    Stack stack = Stack.start(root);
    results.put("clean restart: ready -> first answer", seconds(stack.readyAtNanos, answerOnce()));
    try {
      for (int i = 0; i < SERVICES.length; i++) {
        if (!only.isEmpty() && !only.contains(SERVICES[i])) {
          continue;
        }
        crash(SERVICES[i], PORTS[i]);
        graceful(SERVICES[i], PORTS[i]);
      }
    } finally {
      for (String service : SERVICES) {
        ProcessHandle.of(pidOf(service)).ifPresent(ProcessHandle::destroy);
      }
      stack.stop();
      results.forEach((what, value) -> System.out.printf("%-55s %s%n", what, value));
    }
  }

  /** kill -9, 2 s later the same command line; the first answer after the kill. */
  private void crash(String service, int port) throws Exception {
    long pid = pidOf(service);
    Launch launch = Launch.of(pid);
    String token = token();
    long killed = System.nanoTime();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    Thread.sleep(2_000);
    long started = System.nanoTime();
    long newPid = launch.start(root.resolve(".local/logs/" + service + ".log"));
    Files.writeString(root.resolve(".local/pids/" + service), newPid + "\n");
    CompletableFuture<Long> readiness = CompletableFuture.supplyAsync(() -> readyAt(port));
    Answered answered = answer(token);
    long ready = readiness.get(120, TimeUnit.SECONDS);
    results.put("kill -9 " + service + ": kill -> first answer", seconds(killed, answered.at) + " (" + answered.what + ")");
    results.put("kill -9 " + service + ": its start -> ready", seconds(started, ready));
    results.put("kill -9 " + service + ": its ready -> first answer", seconds(ready, answered.at));
  }

  /** SIGTERM, then at once the same command line; the first answer after the signal. */
  private void graceful(String service, int port) throws Exception {
    long pid = pidOf(service);
    Launch launch = Launch.of(pid);
    String token = token();
    long signalled = System.nanoTime();
    ProcessHandle.of(pid).orElseThrow().destroy();
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(40, TimeUnit.SECONDS).join());
    long stopped = System.nanoTime();
    long newPid = launch.start(root.resolve(".local/logs/" + service + ".log"));
    Files.writeString(root.resolve(".local/pids/" + service), newPid + "\n");
    CompletableFuture<Long> readiness = CompletableFuture.supplyAsync(() -> readyAt(port));
    Answered answered = answer(token);
    long ready = readiness.get(120, TimeUnit.SECONDS);
    results.put("restart " + service + ": SIGTERM -> exited", seconds(signalled, stopped));
    results.put("restart " + service + ": its start -> ready", seconds(stopped, ready));
    results.put("restart " + service + ": SIGTERM -> first answer", seconds(signalled, answered.at) + " (" + answered.what + ")");
    results.put("restart " + service + ": its ready -> first answer", seconds(ready, answered.at));
  }

  private record Answered(long at, String what) {}

  private long answerOnce() throws Exception {
    return answer(token()).at;
  }

  /**
   * Connects (retrying while the gateway is down), asks, and waits for the final frame; a final frame
   * that is an error (a turn that timed out while a service was down) is counted and asked again.
   */
  private Answered answer(String token) throws Exception {
    long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
    int errors = 0;
    while (System.nanoTime() < deadline) {
      ChatSocket socket;
      try {
        socket = ChatSocket.connect(GATEWAY, token, ChatSocket.LOCAL_ORIGIN);
      } catch (RuntimeException gatewayDown) {
        Thread.sleep(100);
        continue;
      }
      try (socket) {
        ChatSocket.Turn turn = socket.awaitTurn(socket.ask(null, QUESTION),
            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        long at = System.nanoTime();
        if ("assistant_message".equals(turn.reply().path("type").asString(null))) {
          return new Answered(at, errors == 0 ? "answer" : "answer after " + errors + " error frame(s)");
        }
        errors++;
      } catch (AssertionError | RuntimeException socketLost) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("no answer within " + ANSWER_WITHIN);
  }

  /** A fresh user per question: the gateway's per-user rate and in-flight limits stay out of the way. */
  private String token() throws Exception {
    return DevTokens.fetch(GATEWAY, "recovery-" + ProcessHandle.current().pid() + "-" + (++users), "CREDIT_ANALYST");
  }

  private long pidOf(String service) throws IOException {
    return Long.parseLong(Files.readString(root.resolve(".local/pids/" + service)).trim());
  }

  /** When the service's readiness probe first answers 200 (polled every 50 ms). */
  private static long readyAt(int port) {
    try {
      return pollReadiness(port);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long pollReadiness(int port) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return System.nanoTime();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("port " + port + " not ready within 120 s");
  }

  private static String seconds(long fromNanos, long toNanos) {
    return String.format("%.1f s", (toNanos - fromNanos) / 1e9);
  }

  /** A process's command line and environment, read from /proc, to start it again the same way. */
  private record Launch(List<String> command, Map<String, String> environment, Path directory) {

    static Launch of(long pid) throws IOException {
      Path proc = Path.of("/proc", Long.toString(pid));
      List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
      Map<String, String> environment = new LinkedHashMap<>();
      for (String variable : split(Files.readAllBytes(proc.resolve("environ")))) {
        int eq = variable.indexOf('=');
        if (eq > 0) {
          environment.put(variable.substring(0, eq), variable.substring(eq + 1));
        }
      }
      return new Launch(command, environment, proc.resolve("cwd").toRealPath());
    }

    long start(Path log) throws IOException {
      List<String> all = new ArrayList<>(List.of("/usr/bin/setsid"));
      all.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(all).directory(directory.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().clear();
      builder.environment().putAll(environment);
      return builder.start().pid();
    }

    private static List<String> split(byte[] nulSeparated) {
      return Arrays.stream(new String(nulSeparated, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty())
          .toList();
    }
  }

  /** infra/run-local.sh without the build; "ready" is its ready line. */
  private static final class Stack {
    private final Process process;
    private final long readyAtNanos;

    private Stack(Process process, long readyAtNanos) {
      this.process = process;
      this.readyAtNanos = readyAtNanos;
    }

    static Stack start(Path root) throws IOException {
      ProcessBuilder builder = new ProcessBuilder("infra/run-local.sh").directory(root.toFile()).redirectErrorStream(true);
      builder.environment().put("SKIP_BUILD", "1");
      Process process = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      String line;
      while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
        if (line.contains("is ready at")) {
          long ready = System.nanoTime();
          System.out.println(line);
          Thread drain = new Thread(() -> {
            try {
              while (out.readLine() != null) {
                // the launcher's further lines are in its log files
              }
            } catch (IOException closed) {
              // the launcher ended
            }
          }, "stack-output");
          drain.setDaemon(true);
          drain.start();
          return new Stack(process, ready);
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException("the stack did not say ready within 180 s; see .local/logs/");
    }

    /** As Ctrl-C does: a signal to the launcher, which stops the services, then the broker. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
