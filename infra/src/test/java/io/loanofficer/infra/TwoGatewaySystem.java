package io.loanofficer.infra;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * One running system with two gateway instances on the same Kafka, shared by the end-to-end classes
 * that need it (started once per test JVM, stopped when the JVM exits): a tool worker, the
 * orchestrator, gw-1 on a fixed free port whose own origin is allowed (the browser test loads the
 * slider from it) and gw-2 on a random port.
 */
final class TwoGatewaySystem {

  private static RunningSystem system;
  private static int browserPort;

  private TwoGatewaySystem() {}

  static synchronized RunningSystem get() {
    if (system == null) {
      browserPort = freePort();
      String origin = "http://127.0.0.1:" + browserPort;
      system = new RunningSystem().withToolWorker("w").withOrchestrator()
          .withGateway("gw-1", "server.port=" + browserPort,
              "gateway.allowed-origins=http://localhost:8080," + origin)
          .withGateway("gw-2");
      RunningSystem started = system;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "two-gateway-system-stop"));
    }
    return system;
  }

  /** gw-1's base URL, whose origin may open the socket. */
  static String browserBaseUrl() {
    get();
    return "http://127.0.0.1:" + browserPort;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
