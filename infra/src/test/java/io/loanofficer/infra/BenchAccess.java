package io.loanofficer.infra;

import io.loanofficer.chatclient.ChatSocket;
import java.time.Duration;

/** Lets benchmarks (another package) run the system with the test harness's package-private pieces. */
public final class BenchAccess implements AutoCloseable {

  private final RunningSystem system;

  private BenchAccess(RunningSystem system) {
    this.system = system;
  }

  public static BenchAccess start(String openAiBaseUrl) throws Exception {
    RunningSystem system = new RunningSystem().withToolWorker("worker-1").withGateway("gw-1");
    system.startOrchestrator("openai.api-key=sk-bench-not-a-real-key", "openai.base-url=" + openAiBaseUrl,
        "openai.request-timeout=60s", "agent.turn-deadline=120s");
    return new BenchAccess(system);
  }

  /** Milliseconds from sending to: accepted, first progress (model round 1 done), last progress, final frame. */
  public record Phases(boolean answered, long accepted, long toolStarted, long toolDone, long reply) {}

  public Phases askOnce(String userId, String question, Duration timeout) throws Exception {
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), system.devToken(userId, "CREDIT_ANALYST"))) {
      long start = System.nanoTime();
      client.ask(null, question);
      long[] at = new long[4];
      int progress = 0;
      while (true) {
        tools.jackson.databind.JsonNode frame = client.next(timeout);
        long now = (System.nanoTime() - start) / 1_000_000;
        String type = frame.get("type").asString();
        if (type.equals("accepted")) {
          at[0] = now;
        } else if (type.equals("progress")) {
          at[++progress > 1 ? 2 : 1] = now;
        } else {
          at[3] = now;
          return new Phases(type.equals("assistant_message"), at[0], at[1], at[2], at[3]);
        }
      }
    }
  }

  @Override
  public void close() {
    system.close();
  }

  /** A real Kafka broker alone, in its own process on free loopback ports, its data in {@code dataDir}. */
  public static final class Broker implements AutoCloseable {
    private final LocalKafkaBroker broker;

    private Broker(LocalKafkaBroker broker) {
      this.broker = broker;
    }

    public static Broker start(java.nio.file.Path dataDir) throws Exception {
      LocalKafkaBroker broker = new LocalKafkaBroker(dataDir, freePort(), freePort(), dataDir.resolve("broker.log"));
      broker.start();
      return new Broker(broker);
    }

    public String bootstrapServers() {
      return broker.bootstrapServers();
    }

    @Override
    public void close() throws InterruptedException {
      broker.stop();
    }

    private static int freePort() throws java.io.IOException {
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
