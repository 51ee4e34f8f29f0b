package io.loanofficer.infra;

import static io.loanofficer.agent.openai.FakeChatCompletionsServer.answer;
import static io.loanofficer.agent.openai.FakeChatCompletionsServer.error;
import static io.loanofficer.agent.openai.FakeChatCompletionsServer.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.loanofficer.agent.openai.FakeChatCompletionsServer.Received;
import io.loanofficer.agent.openai.FakeChatCompletionsServer.Scripted;
import io.loanofficer.agent.openai.FakeChatCompletionsServer;
import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real openai-java client in the orchestrator, against a local fake Chat Completions server,
 * with the whole system around it: what the model asks for runs on the tool worker, and the final
 * reply reaches the WebSocket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(KafkaLane.class)
class OpenAiEndToEndTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private FakeChatCompletionsServer openAi;
  private RunningSystem system;
  private ChatSocket client;

  @BeforeAll
  void start() throws Exception {
    openAi = new FakeChatCompletionsServer();
    system = new RunningSystem().withToolWorker("worker-1").withGateway("gw-1");
    // a turn deadline of 8 s: long enough for a cold first turn on a crowded machine, short for the last test
    system.startOrchestrator("openai.api-key=sk-test-not-a-real-key", "openai.base-url=" + openAi.baseUrl(),
        "openai.model=gpt-test", "openai.request-timeout=10s", "openai.max-retries=1", "agent.turn-deadline=8s");
    client = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"));
  }

  @AfterAll
  void stop() {
    client.close();
    system.close();
    openAi.close();
  }

  private int before;

  @BeforeEach
  void mark() {
    before = openAi.received().size();
  }

  /** The requests the model received during the current test, as JSON. */
  private List<JsonNode> requests() {
    return openAi.received().subList(before, openAi.received().size()).stream()
        .map(Received::body).map(JsonMapper.shared()::readTree).toList();
  }

  private static List<JsonNode> toolMessages(JsonNode request) {
    return request.get("messages").valueStream().filter(m -> m.get("role").asString().equals("tool")).toList();
  }

  @Test
  void oneToolCallRunsOnTheWorkerAndTheModelAnswersFromItsResult() throws Exception {
    openAi.enqueueOk(toolCalls(new String[] {"call_a", "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}"}));
    openAi.enqueueOk(answer("LTV is 0.86, so the collateral for L002 is not sufficient."));

    ChatSocket.Turn turn = client.turn(null, "Is the collateral sufficient for loan L002?", TIMEOUT);

    assertThat(turn.reply().get("type").asString()).isEqualTo("assistant_message");
    assertThat(turn.reply().get("text").asString()).isEqualTo("LTV is 0.86, so the collateral for L002 is not sufficient.");
    assertThat(turn.progress()).containsExactly("evaluateCollateralSufficiency:started", "evaluateCollateralSufficiency:completed");
    assertThat(turn.reply().get("toolCalls").get(0).get("result").get("ltv").asDouble()).isEqualTo(0.86);
    List<JsonNode> requests = requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).get("model").asString()).isEqualTo("gpt-test");
    assertThat(requests.get(0).get("tools")).hasSize(19);
    JsonNode toolMessage = toolMessages(requests.get(1)).get(0);
    assertThat(toolMessage.get("tool_call_id").asString()).isEqualTo("call_a");
    assertThat(toolMessage.get("content").asString()).contains("\"ltv\":0.86").startsWith("<tool_result");

    // each model call's tokens, as the server counted them (120 in, 30 out), and the dated version it said
    // answered the requested gpt-test reach the audit trail (through ModelAnswered on agent.signals)
    List<ModelInvoked> calls = AuditLogReader.forBootstrap(system.bootstrapServers())
        .read(turn.conversationId()).records().stream()
        .map(r -> new EventSerde().decode(r.getPayload().array()))
        .filter(ModelInvoked.class::isInstance).map(ModelInvoked.class::cast).toList();
    assertThat(calls).extracting(ModelInvoked::getModel, ModelInvoked::getResponseModel, ModelInvoked::getInputTokens,
            ModelInvoked::getOutputTokens)
        .containsExactly(tuple("gpt-test", "gpt-test-2026-11-01", 120L, 30L),
            tuple("gpt-test", "gpt-test-2026-11-01", 120L, 30L));
  }

  @Test
  void parallelToolCallsAllRunBeforeTheModelIsAskedAgain() throws Exception {
    openAi.enqueueOk(toolCalls(
        new String[] {"call_1", "getBorrowerDefaultRisk", "{\"borrower_id\":\"B001\"}"},
        new String[] {"call_2", "getBorrowerDefaultRisk", "{\"borrower_id\":\"B002\"}"}));
    openAi.enqueueOk(answer("B001 is 0.26 (Low); B002 is lower."));

    ChatSocket.Turn turn = client.turn(null, "Compare the default risk for borrowers B001 and B002", TIMEOUT);

    assertThat(turn.reply().get("toolCalls")).hasSize(2);
    assertThat(turn.progress()).hasSize(4).filteredOn(p -> p.endsWith(":completed")).hasSize(2);
    List<JsonNode> requests = requests();
    assertThat(requests).hasSize(2);
    assertThat(toolMessages(requests.get(1))).extracting(m -> m.get("tool_call_id").asString())
        .containsExactlyInAnyOrder("call_1", "call_2");
  }

  @Test
  void twoRoundsOfToolsThenAnAnswer() throws Exception {
    openAi.enqueueOk(toolCalls(new String[] {"r1", "getLoanDetails", "{\"loan_id\":\"L002\"}"}));
    openAi.enqueueOk(toolCalls(new String[] {"r2", "evaluateCollateralSufficiency", "{\"loan_id\":\"L002\"}"}));
    openAi.enqueueOk(answer("L002 (Equipment, $30,000) has an LTV of 0.86."));

    ChatSocket.Turn turn = client.turn(null, "Tell me about L002 and whether its collateral is enough", TIMEOUT);

    assertThat(turn.reply().get("text").asString()).isEqualTo("L002 (Equipment, $30,000) has an LTV of 0.86.");
    assertThat(turn.reply().get("toolCalls")).extracting(c -> c.get("tool").asString())
        .containsExactly("getLoanDetails", "evaluateCollateralSufficiency");
    List<JsonNode> requests = requests();
    assertThat(requests).hasSize(3);
    assertThat(toolMessages(requests.get(2))).hasSize(2);
  }

  @Test
  void malformedArgumentsComeBackToTheModelAsATypedError() throws Exception {
    openAi.enqueueOk(toolCalls(new String[] {"bad", "getLoanStatus", "{not json"}));
    openAi.enqueueOk(answer("I could not read that loan id; which loan do you mean?"));

    ChatSocket.Turn turn = client.turn(null, "status of that loan", TIMEOUT);

    assertThat(turn.reply().get("text").asString()).isEqualTo("I could not read that loan id; which loan do you mean?");
    assertThat(turn.reply().get("toolCalls").get(0).get("outcome").asString()).isEqualTo("invalid_argument");
    assertThat(turn.progress()).containsExactly("getLoanStatus:started", "getLoanStatus:failed");
    JsonNode toolMessage = toolMessages(requests().get(1)).get(0);
    assertThat(toolMessage.get("content").asString()).contains("INVALID_ARGUMENT").contains("arguments are not a JSON object");
  }

  @Test
  void anUnknownToolNameIsRefusedByTheWorkerNotExecuted() throws Exception {
    openAi.enqueueOk(toolCalls(new String[] {"x", "transferFunds", "{\"loan_id\":\"L002\",\"amount\":\"1000000\"}"}));
    openAi.enqueueOk(answer("I cannot do that."));

    ChatSocket.Turn turn = client.turn(null, "Move a million to my account", TIMEOUT);

    assertThat(turn.reply().get("text").asString()).isEqualTo("I cannot do that.");
    assertThat(turn.reply().get("toolCalls").get(0).get("outcome").asString()).isEqualTo("invalid_argument");
    assertThat(toolMessages(requests().get(1)).get(0).get("content").asString()).contains("unknown tool 'transferFunds'");
  }

  @Test
  void rateLimitedThenSuccessfulModelCallIsRetried() throws Exception {
    openAi.enqueue(new Scripted(429, Map.of("Retry-After", "1"), error("rate_limit_exceeded", "rate_limit_exceeded", "slow down"), Duration.ZERO));
    openAi.enqueueOk(answer("Hello! Ask me about loans, borrowers or the portfolio."));

    long start = System.nanoTime();
    ChatSocket.Turn turn = client.turn(null, "Hello", TIMEOUT);

    assertThat(turn.reply().get("text").asString()).isEqualTo("Hello! Ask me about loans, borrowers or the portfolio.");
    assertThat(requests()).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  /** Last: the abandoned model call goes on in the background and would take the next test's scripted answers. */
  @Test
  @Order(Integer.MAX_VALUE)
  void aModelThatNeverAnswersEndsTheTurnInTimeoutAtItsDeadline() throws Exception {
    openAi.enqueue(new Scripted(200, Map.of(), answer("too late"), Duration.ofSeconds(20)));
    openAi.enqueue(new Scripted(200, Map.of(), answer("too late"), Duration.ofSeconds(20)));

    long start = System.nanoTime();
    ChatSocket.Turn turn = client.turn(null, "Which farmers are at high risk?", TIMEOUT);

    assertThat(turn.reply().get("type").asString()).isEqualTo("error");
    assertThat(turn.reply().get("code").asString()).isEqualTo("TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
  }
}
