package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' reveal port over mutual TLS, configured only with Spring Boot SSL bundles: the worker
 * serves https and requires a client certificate ({@code server.ssl.bundle}, {@code
 * server.ssl.client-auth=need}); the gateway with the bundle {@code gateway.reveal.ssl-bundle} (the
 * worker's certificate trusted, its own client certificate) gets the worker's answer; a client that
 * trusts the worker but has no certificate is refused at the handshake.
 */
@ExtendWith(KafkaLane.class)
class RevealPortTlsTest {

  private static final String PASSWORD = "store-secret";

  @TempDir
  static Path dir;

  @Test
  void theGatewayWithItsClientCertificateReachesTheWorkerAndAClientWithoutOneIsRefused() throws Exception {
    TestCertificates certificates = TestCertificates.generate(dir, PASSWORD);
    int workerPort = freePort();
    try (RunningSystem system = new RunningSystem()) {
      List<String> gateway = new ArrayList<>(List.of("gateway.reveal.worker-url=https://127.0.0.1:" + workerPort,
          "gateway.reveal.ssl-bundle=reveal-client",
          // the worker's first request (TLS, then Spring MVC's first dispatch) on a crowded machine
          "gateway.reveal.timeout=30s"));
      gateway.addAll(bundle("reveal-client", certificates.clientKeyStore(), certificates.clientTrustStore()));
      system.withGateway("gw-mtls", gateway.toArray(String[]::new));
      // the worker after the gateway: a gateway started after it would get its plain http URL from RunningSystem too
      List<String> worker = new ArrayList<>(List.of("server.port=" + workerPort, "server.ssl.bundle=reveal-server",
          "server.ssl.client-auth=need"));
      worker.addAll(bundle("reveal-server", certificates.brokerKeyStore(), certificates.brokerTrustStore()));
      system.startToolWorker("worker-tls", null, worker.toArray(String[]::new));

      // the worker's own answer (no such token in this conversation), so the TLS handshake succeeded
      HttpResponse<String> reached = system.post(0, "/api/pii/reveal", system.devToken("officer-1", "LOAN_OFFICER"),
          "{\"conversationId\":\"conv-tls\",\"token\":\"[EMAIL_000000]\"}");
      assertThat(reached.statusCode()).as(reached.body()).isEqualTo(404);
      assertThat(reached.body()).contains("\"code\":\"NOT_FOUND\"");

      // trusting the worker is not enough: without a client certificate the handshake fails
      HttpClient noCertificate = HttpClient.newBuilder().sslContext(trustOnly(certificates.clientTrustStore()))
          .connectTimeout(Duration.ofSeconds(5)).build();
      Throwable refused = catchThrowable(() -> noCertificate.send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + workerPort + "/internal/pii/reveal"))
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString()));
      assertThat(refused).isInstanceOf(IOException.class);
    }
  }

  /** A Spring SSL bundle from PKCS12 files, as properties. */
  private static List<String> bundle(String name, Path keyStore, Path trustStore) {
    String prefix = "spring.ssl.bundle.jks." + name + ".";
    return List.of(prefix + "keystore.location=file:" + keyStore, prefix + "keystore.password=" + PASSWORD,
        prefix + "keystore.type=PKCS12", prefix + "truststore.location=file:" + trustStore,
        prefix + "truststore.password=" + PASSWORD, prefix + "truststore.type=PKCS12");
  }

  private static SSLContext trustOnly(Path trustStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
