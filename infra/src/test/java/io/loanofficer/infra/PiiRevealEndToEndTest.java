package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Revealing a PII token through the gateway, with a real worker behind it: the officer of the
 * borrower sees the seeded value; every other case gets its typed error; each decided attempt is a
 * PiiRevealed record on the gateway's chain (token and outcome, never the value) before the answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(KafkaLane.class)
class PiiRevealEndToEndTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int REVEALS_PER_HOUR = 5;
  /** The local profile's development value (tool-worker-local.yml, gateway-local.yml). */
  private static final String SERVICE_TOKEN = "local-dev-only-reveal-service-token";
  private RunningSystem system;
  private String officer1;
  private String conversationId;
  private JsonNode b001;

  @BeforeAll
  void converse() throws Exception {
    system = new RunningSystem();
    // a small hourly limit, so that the last test reaches it
    system.startToolWorker("worker-1", null, "tools.pii.reveals-per-hour=" + REVEALS_PER_HOUR);
    system.withOrchestrator().withGateway("gw-1");
    officer1 = system.devToken("officer-1", "LOAN_OFFICER");
    try (ChatSocket officer = ChatSocket.connect(system.gatewayPort(0), officer1)) {
      ChatSocket.Turn details = officer.turn(null, "Show me details about borrower B001", Duration.ofSeconds(30));
      conversationId = details.conversationId();
      b001 = details.reply().get("toolCalls").get(0).get("result");
    }
    assertThat(b001.get("email").asString()).matches("\\[EMAIL_[0-9a-f]{6}\\]");
  }

  @AfterAll
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void theBorrowersOfficerSeesTheRealValuesAndEachRevealIsAuditedWithoutTheValue() throws Exception {
    HttpResponse<String> email = reveal(officer1, conversationId, b001.get("email").asString());
    assertThat(email.statusCode()).isEqualTo(200);
    assertThat(email.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(email)).isEqualTo(JsonMapper.shared().valueToTree(Map.of("token", b001.get("email").asString(),
        "kind", "EMAIL", "value", "john.doe@example.com", "borrowerId", "B001")));
    assertThat(json(reveal(officer1, conversationId, b001.get("phone").asString())).get("value").asString())
        .isEqualTo("555-0101");
    assertThat(json(reveal(officer1, conversationId, b001.get("address").asString())).get("value").asString())
        .isEqualTo("101 Prairie Road, Cedar Falls");

    List<PiiRevealed> reveals = reveals();
    List<PiiRevealed> mine = reveals.stream()
        .filter(r -> r.getOutcome() == RevealOutcome.REVEALED && r.getConversationId().equals(conversationId)).toList();
    assertThat(mine).extracting(PiiRevealed::getKind).contains("EMAIL", "PHONE", "ADDRESS");
    assertThat(mine).allSatisfy(r -> assertThat(r.getBorrowerId()).isEqualTo("B001"));
    AuditLog chain = AuditLogReader.forBootstrap(system.bootstrapServers()).read("gateway-gw-1");
    assertThat(chain.verify().verified()).isTrue();
    AuditRecord first = chain.records().stream().filter(r -> r.getType().equals("PiiRevealed")).findFirst().orElseThrow();
    assertThat(first.getActor().getUserId()).isEqualTo("officer-1");
    assertThat(first.getAttributes()).containsEntry("loanofficer.conversation.id", conversationId);
    for (AuditRecord record : chain.records()) {
      String raw = new String(record.getPayload().array(), StandardCharsets.UTF_8) + record.getAttributes();
      assertThat(raw).doesNotContain("john.doe@example.com", "555-0101", "Prairie Road");
    }

    // the conversation's own chain records the reveals too: the examiner's replay shows them
    JsonNode replay = awaitReplayWithReveals(3);
    assertThat(replay.get("chainVerified").asBoolean()).isTrue();
    JsonNode reveal = replay.get("reveals").get(0);
    assertThat(reveal.get("kind").asString()).isEqualTo("EMAIL");
    assertThat(reveal.get("token").asString()).isEqualTo(b001.get("email").asString());
    assertThat(reveal.get("borrowerId").asString()).isEqualTo("B001");
    assertThat(reveal.get("by").get("userId").asString()).isEqualTo("officer-1");
    assertThat(replay.has("notes")).as("every record has its place: %s", replay.get("notes")).isFalse();
    assertThat(replay.toString()).doesNotContain("john.doe@example.com", "555-0101", "Prairie Road");
  }

  @Test
  void everyOtherCallerAndRequestGetsItsTypedError() throws Exception {
    String email = b001.get("email").asString();
    // another officer: NOT_FOUND, the same as a made-up token (no oracle on whose borrower it is)
    assertError(reveal(system.devToken("officer-2", "LOAN_OFFICER"), conversationId, email), 404, "NOT_FOUND");
    assertError(reveal(officer1, conversationId, "[EMAIL_000000]"), 404, "NOT_FOUND");
    // the token belongs to its conversation
    assertError(reveal(officer1, "another-conversation", email), 404, "NOT_FOUND");
    // roles that work on tokens only
    assertError(reveal(system.devToken("analyst-1", "CREDIT_ANALYST"), conversationId, email), 403, "FORBIDDEN");
    assertError(reveal(system.devToken("examiner-1", "EXAMINER"), conversationId, email), 403, "FORBIDDEN");
    // kinds nobody reveals
    assertError(reveal(officer1, conversationId, "[TAX_ID_abcdef]"), 403, "FORBIDDEN");
    // clumsy or hostile requests
    assertError(reveal(officer1, conversationId, "john.doe@example.com"), 400, "INVALID_ARGUMENT");
    assertError(reveal(officer1, conversationId, "[EMAIL_REDACTED]"), 400, "INVALID_ARGUMENT");
    assertError(reveal(officer1, "", email), 400, "INVALID_ARGUMENT");
    assertError(reveal(officer1, "../../etc/passwd", email), 400, "INVALID_ARGUMENT");
    assertThat(post(officer1, "{not json").statusCode()).isEqualTo(400);
    assertThat(post(null, body(conversationId, email)).statusCode()).isEqualTo(401);
    assertThat(post("not-a-jwt", body(conversationId, email)).statusCode()).isEqualTo(401);

    assertThat(reveals()).filteredOn(r -> r.getOutcome() == RevealOutcome.FORBIDDEN).extracting(PiiRevealed::getKind)
        .contains("EMAIL", "TAX_ID");
    assertThat(reveals()).filteredOn(r -> r.getOutcome() == RevealOutcome.NOT_FOUND).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void thePolicyEndpointTellsThePanelWhatTheRoleMayReveal() throws Exception {
    assertThat(json(get(officer1, "/api/pii/policy")).get("revealable").toString())
        .isEqualTo("[\"ADDRESS\",\"EMAIL\",\"PHONE\"]");
    assertThat(json(get(system.devToken("analyst-1", "CREDIT_ANALYST"), "/api/pii/policy")).get("revealable").toString())
        .isEqualTo("[]");
  }

  @Test
  void theWorkerTakesTheUserFromTheRelayedTokenAndOnlyFromTheGateway() throws Exception {
    String email = b001.get("email").asString();
    // no service token: not the gateway
    assertWorker(null, officer1, email, 401, "UNAUTHENTICATED");
    // the gateway's service token but no user token, or a forged one: nobody
    assertWorker(SERVICE_TOKEN, null, email, 401, "UNAUTHENTICATED");
    assertWorker(SERVICE_TOKEN, officer1.substring(0, officer1.lastIndexOf('.') + 1) + "forged", email, 401,
        "UNAUTHENTICATED");
    // the user is whoever the verified token names: officer-2 does not get officer-1's borrower
    assertWorker(SERVICE_TOKEN, system.devToken("officer-2", "LOAN_OFFICER"), email, 404, "NOT_FOUND");
    assertWorker(SERVICE_TOKEN, system.devToken("analyst-1", "CREDIT_ANALYST"), email, 403, "FORBIDDEN");
  }

  private void assertWorker(String serviceToken, String userToken, String token, int status, String code)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + system.workerPort(0) + "/internal/pii/reveal"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(conversationId, token)));
    if (serviceToken != null) {
      request.header("X-Reveal-Service-Token", serviceToken);
    }
    if (userToken != null) {
      request.header("Authorization", "Bearer " + userToken);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response).get("code").asString()).isEqualTo(code);
    assertThat(response.body()).doesNotContain("john.doe");
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  void theWorkersHourlyLimitHoldsWhicheverGatewayAsks() throws Exception {
    // the gateway's own limiter allows 30 an hour; the workers count released values in pii_disclosure
    HttpResponse<String> response = null;
    int revealed = 0;
    for (int i = 0; i <= REVEALS_PER_HOUR; i++) {
      response = reveal(officer1, conversationId, b001.get("phone").asString());
      if (response.statusCode() != 200) {
        break;
      }
      revealed++;
    }
    // the first test was shown 3 values (the other tests' refusals count nothing; @Order runs this last)
    assertThat(revealed).as("values shown before the limit").isEqualTo(REVEALS_PER_HOUR - 3);
    assertError(response, 429, "RATE_LIMITED");
    assertThat(AuditLogReader.forBootstrap(system.bootstrapServers()).read("gateway-gw-1").records())
        .filteredOn(r -> r.getType().equals("AccessRefused"))
        .anySatisfy(r -> assertThat(r.getAttributes()).containsEntry("loanofficer.refusal.code", "reveal_rate"));
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: every reveal and refusal of the other tests is in the feed
  void everyDocumentOfTheSiemFeedIsValidEcs() {
    SiemFeed.Check feed = SiemFeed.check(system.bootstrapServers(), Duration.ofSeconds(30));
    System.out.println("PiiRevealEndToEndTest SIEM feed: " + feed);
    assertThat(feed.documents().keySet()).as("one document per audit record")
        .containsExactlyInAnyOrderElementsOf(feed.auditKeys());
    assertThat(feed.documents().values()).extracting(d -> d.get("event").get("action").asString())
        .contains("PiiRevealed", "AccessRefused");
    assertThat(feed.copies()).isZero();
    assertThat(feed.report().violations()).as(feed.toString()).isEmpty();
    assertThat(feed.report().documents()).isEqualTo(feed.auditKeys().size());
  }

  /** The examiner's replay of the conversation once its chain holds {@code count} reveals (they are forwarded). */
  private JsonNode awaitReplayWithReveals(int count) throws Exception {
    String examiner = system.devToken("examiner-1", "EXAMINER");
    return await("the replay shows " + count + " reveals").atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200)).until(() -> json(get(examiner, "/api/audit/conversations/" + conversationId)),
            replay -> replay.has("reveals") && replay.get("reveals").size() >= count);
  }

  private List<PiiRevealed> reveals() {
    EventSerde serde = new EventSerde();
    return AuditLogReader.forBootstrap(system.bootstrapServers()).read("gateway-gw-1").records().stream()
        .filter(r -> r.getType().equals("PiiRevealed"))
        .map(r -> serde.decode(r.getPayload().array(), PiiRevealed.class)).toList();
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response).get("code").asString()).isEqualTo(code);
    assertThat(response.body()).doesNotContain("john.doe@example.com");
  }

  private HttpResponse<String> reveal(String jwt, String conversation, String token) throws Exception {
    return post(jwt, body(conversation, token));
  }

  private static String body(String conversation, String token) {
    return JsonMapper.shared().writeValueAsString(Map.of("conversationId", conversation, "token", token));
  }

  private HttpResponse<String> post(String jwt, String body) throws Exception {
    return system.post(0, "/api/pii/reveal", jwt, body);
  }

  private HttpResponse<String> get(String jwt, String path) throws Exception {
    return system.get(0, path, jwt);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JsonMapper.shared().readTree(response.body());
  }
}
