package io.loanofficer.infra.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The whole system with the orchestrator on a given OpenAI-compatible server, and a client pool. */
final class BenchSystem implements AutoCloseable {

  private final io.loanofficer.infra.BenchAccess access;
  private final ExecutorService clients = Executors.newFixedThreadPool(700);
  private final AtomicInteger users = new AtomicInteger();

  private BenchSystem(io.loanofficer.infra.BenchAccess access) {
    this.access = access;
  }

  static BenchSystem start(String openAiBaseUrl) throws Exception {
    return new BenchSystem(io.loanofficer.infra.BenchAccess.start(openAiBaseUrl));
  }

  ExecutorService clients() {
    return clients;
  }

  /** One user, one socket, one question. */
  io.loanofficer.infra.BenchAccess.Phases askOnce(String question) throws Exception {
    return access.askOnce("bench-" + users.incrementAndGet(), question, Duration.ofSeconds(120));
  }

  @Override
  public void close() {
    clients.shutdownNow();
    access.close();
  }
}
