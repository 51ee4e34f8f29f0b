package io.loanofficer.capture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health/ready} of the capture service (JDK HTTP server, no framework): 200 {@code UP}
 * while the source is streamed and the engine has not failed, 503 {@code DOWN} before and after. For
 * the run command and an orchestrator's readiness probe. {@code GET /health/live}: 503 once the engine
 * has failed (a restart is the remedy), else 200, for a liveness probe.
 */
final class CaptureHealth implements AutoCloseable {

  private final HttpServer server;

  private CaptureHealth(HttpServer server) {
    this.server = server;
  }

  static CaptureHealth start(int port, BooleanSupplier ready, BooleanSupplier live) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health/ready", exchange -> answer(exchange, ready.getAsBoolean()));
    server.createContext("/health/live", exchange -> answer(exchange, live.getAsBoolean()));
    server.start();
    return new CaptureHealth(server);
  }

  private static void answer(HttpExchange exchange, boolean up) throws IOException {
    byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(up ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
