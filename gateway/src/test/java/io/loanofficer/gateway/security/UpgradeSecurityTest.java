package io.loanofficer.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Who may open /ws/chat, and for how long. */
@GatewayTest
class UpgradeSecurityTest {

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  private int refused(String token) {
    return ChatSocket.refusedUpgradeStatus(port, token, ChatSocket.LOCAL_ORIGIN);
  }

  @Test
  void aValidTokenOpensTheSocket() throws Exception {
    try (ChatSocket socket = ChatSocket.connect(port, TestTokens.valid("officer-1", "LOAN_OFFICER"))) {
      socket.sendRaw("{\"type\":\"nope\"}");
      assertThat(socket.next(Duration.ofSeconds(5)).get("code").asString()).isEqualTo("INVALID_MESSAGE");
    }
  }

  @Test
  void noTokenOrGarbageIs401() {
    assertThat(refused(null)).isEqualTo(401);
    assertThat(refused("not-a-jwt")).isEqualTo(401);
  }

  @Test
  void anExpiredTokenIs401() {
    assertThat(refused(TestTokens.expiringIn(Duration.ofSeconds(-5), "officer-1", "LOAN_OFFICER"))).isEqualTo(401);
  }

  @Test
  void aTokenSignedWithAnotherSecretIs401() {
    String foreign = TestTokens.token("officer-1", List.of("LOAN_OFFICER"), TestTokens.ISSUER, TestTokens.AUDIENCE,
        Duration.ofMinutes(5), "another-secret-another-secret-another-secret");
    assertThat(refused(foreign)).isEqualTo(401);
  }

  @Test
  void aTokenForAnotherAudienceOrFromAnotherIssuerIs401() {
    assertThat(refused(TestTokens.token("officer-1", List.of("LOAN_OFFICER"), TestTokens.ISSUER, "another-service",
        Duration.ofMinutes(5), TestTokens.SECRET))).isEqualTo(401);
    assertThat(refused(TestTokens.token("officer-1", List.of("LOAN_OFFICER"), TestTokens.ISSUER, null,
        Duration.ofMinutes(5), TestTokens.SECRET))).isEqualTo(401);
    assertThat(refused(TestTokens.token("officer-1", List.of("LOAN_OFFICER"), "https://evil.test", TestTokens.AUDIENCE,
        Duration.ofMinutes(5), TestTokens.SECRET))).isEqualTo(401);
  }

  @Test
  void anOfficersTokenEditedToAdminKeepingItsSignatureIs401() {
    String officer = TestTokens.valid("officer-1", "LOAN_OFFICER");
    String admin = TestTokens.withPayloadReplaced(officer, "\"LOAN_OFFICER\"", "\"ADMIN\"");
    assertThat(refused(admin)).isEqualTo(401);
  }

  @Test
  void aValidTokenWithoutAnyKnownRoleIs403() {
    double before = meters.counter("gateway.auth.rejections", "status", "403", "path", "/ws/chat").count();
    assertThat(refused(TestTokens.token("officer-1", null, TestTokens.ISSUER, TestTokens.AUDIENCE,
        Duration.ofMinutes(5), TestTokens.SECRET))).isEqualTo(403);
    assertThat(refused(TestTokens.valid("officer-1", "SUPERUSER"))).isEqualTo(403);
    assertThat(meters.counter("gateway.auth.rejections", "status", "403", "path", "/ws/chat").count()).isEqualTo(before + 2);
  }

  @Test
  void anExaminerConnectsButMayNotChat() throws Exception {
    try (ChatSocket socket = ChatSocket.connect(port, TestTokens.valid("examiner-1", "EXAMINER"))) {
      String id = socket.ask(null, "Is the collateral sufficient for loan L002?");
      JsonNode error = socket.next(Duration.ofSeconds(5));
      assertThat(error.get("type").asString()).isEqualTo("error");
      assertThat(error.get("code").asString()).isEqualTo("FORBIDDEN");
      assertThat(error.get("clientMessageId").asString()).isEqualTo(id);
      assertThat(socket.isOpen()).isTrue();
    }
  }

  @Test
  void aTokenThatExpiresDuringTheConnectionClosesTheSocketWithTokenExpired() throws Exception {
    try (ChatSocket socket = ChatSocket.connect(port, TestTokens.expiringIn(Duration.ofSeconds(2), "officer-1", "LOAN_OFFICER"))) {
      ChatSocket.Closed closed = socket.awaitClose(Duration.ofSeconds(10));
      assertThat(closed.status()).isEqualTo(4401);
      assertThat(closed.reason()).isEqualTo("token expired");
    }
  }

  @Test
  void theDevTokenEndpointDoesNotExistOutsideTheLocalProfile() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"officer-1\",\"roles\":[\"ADMIN\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("token\":");
  }
}
