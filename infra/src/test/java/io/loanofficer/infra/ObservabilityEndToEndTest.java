package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One turn, one trace, seen by a real Zipkin (the run command's, from its exec jar): spans of all three
 * services linked parent to child across every Kafka hop, a JDBC span under the tool call, the model
 * and guardrail spans; the reply frame's and the audit records' trace id is that trace's. Then each
 * service's Prometheus endpoint serves the series the dashboards and alerts read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityEndToEndTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LocalZipkin zipkin;
  private RunningSystem system;
  private ConfigurableApplicationContext orchestrator;
  private JsonNode reply;
  private String conversationId;

  @BeforeAll
  void startSystemAndAskOnce() throws Exception {
    Path jar = Path.of("target", "zipkin", "zipkin-server-exec.jar");
    assertThat(jar).as("the build copies Zipkin's exec jar (infra/pom.xml)").exists();
    zipkin = new LocalZipkin(jar, LocalRuns.freePort(), Files.createTempFile("zipkin", ".log"));
    zipkin.start();
    system = new RunningSystem("tracing.export=zipkin", "tracing.zipkin-endpoint=" + zipkin.spansEndpoint(),
        "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=200ms", "observability.lag-interval=1s",
        "gateway.dev.trace-url=" + zipkin.baseUrl() + "/zipkin/traces/{traceId}");
    system.withToolWorker("worker-1");
    orchestrator = system.startOrchestrator();
    system.withGateway("gw-1");
    zipkin.awaitReady(Duration.ofSeconds(60));
    String token = system.devToken("officer-1", "LOAN_OFFICER");
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), token)) {
      ChatSocket.Turn turn = client.turn(null, "Is the collateral sufficient for loan L002?", Duration.ofSeconds(30));
      reply = turn.reply();
      conversationId = turn.conversationId();
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (system != null) {
      system.close();
    }
    if (zipkin != null) {
      zipkin.stop();
    }
  }

  private record Span(String id, String parentId, String service, String kind, String name, Map<String, String> tags,
      long timestamp, long durationMicros) {}

  @Test
  void oneTurnIsOneTraceAcrossAllThreeServicesWithItsLinksIntactAcrossKafka() throws Exception {
    assertThat(reply.get("type").asString()).isEqualTo("assistant_message");
    String traceId = reply.get("traceId").asString();
    assertThat(traceId).matches("[0-9a-f]{32}");

    List<Span> spans = awaitTrace(traceId);
    Map<String, Span> byId = spans.stream().collect(Collectors.toMap(Span::id, s -> s));
    System.out.println("The turn's span tree (" + spans.size() + " spans):\n" + tree(spans, null, ""));
    Set<String> services = spans.stream().map(Span::service).collect(Collectors.toCollection(TreeSet::new));
    assertThat(services).containsExactly("agent-orchestrator", "gateway", "tool-worker");

    // one root, the socket frame; every other span's parent is in the same trace
    List<Span> roots = spans.stream().filter(s -> s.parentId() == null).toList();
    assertThat(roots).extracting(Span::service, Span::name).containsExactly(
        org.assertj.core.api.Assertions.tuple("gateway", "ws chat.frame"));
    assertThat(spans).allSatisfy(s -> {
      if (s.parentId() != null) {
        assertThat(byId).as("parent of %s %s", s.service(), s.name()).containsKey(s.parentId());
      }
    });

    // each hop: the consumer's span is the child of the producer's span in the other service
    Span turnSent = one(spans, "gateway", "PRODUCER", "chat.turns send");
    assertThat(turnSent.parentId()).isEqualTo(roots.get(0).id());
    Span turnReceived = one(spans, "agent-orchestrator", "CONSUMER", "chat.turns process");
    assertThat(turnReceived.parentId()).isEqualTo(turnSent.id());
    Span callSent = one(spans, "agent-orchestrator", "PRODUCER", "tool.calls send");
    assertThat(callSent.parentId()).isEqualTo(turnReceived.id());
    Span callReceived = one(spans, "tool-worker", "CONSUMER", "tool.calls process");
    assertThat(callReceived.parentId()).isEqualTo(callSent.id());
    Span resultSent = one(spans, "tool-worker", "PRODUCER", "tool.results send");
    assertThat(resultSent.parentId()).isEqualTo(callReceived.id());
    Span resultReceived = one(spans, "agent-orchestrator", "CONSUMER", "tool.results process");
    assertThat(resultReceived.parentId()).isEqualTo(resultSent.id());
    // chat.replies carries the progress frames (two) and the answer: the answer is sent in the result's step
    List<Span> repliesSent = all(spans, "agent-orchestrator", "PRODUCER", "chat.replies send");
    assertThat(repliesSent).extracting(Span::parentId)
        .containsExactlyInAnyOrder(turnReceived.id(), resultReceived.id(), resultReceived.id());
    List<Span> repliesReceived = all(spans, "gateway", "CONSUMER", "chat.replies process");
    assertThat(repliesReceived).hasSize(3);
    assertThat(repliesReceived).extracting(Span::parentId)
        .containsExactlyInAnyOrderElementsOf(repliesSent.stream().map(Span::id).toList());

    // the tool call, and its SQL under it
    Span tool = one(spans, "tool-worker", null, "execute_tool evaluatecollateralsufficiency");
    assertThat(tool.parentId()).isEqualTo(callReceived.id());
    assertThat(tool.tags()).containsEntry("gen_ai.tool.name", "evaluateCollateralSufficiency")
        .containsEntry("outcome", "OK");
    List<Span> queries = spans.stream().filter(s -> s.service().equals("tool-worker") && s.name().equals("query")).toList();
    assertThat(queries).isNotEmpty();
    // right under the tool call: no connection spans between (tool-worker.yml, jdbc.includes)
    assertThat(queries).allSatisfy(query -> assertThat(query.parentId()).isEqualTo(tool.id()));
    // the statement, never its parameter values (they may be personal data)
    assertThat(queries).allSatisfy(query -> assertThat(query.tags().get("jdbc.query[0]")).isNotBlank());
    assertThat(queries).allSatisfy(query -> assertThat(query.tags()).doesNotContainKey("jdbc.params[0]"));

    // the model (offline planner) twice: asked for the tool, then answered; guardrails on the way in and out
    List<Span> model = all(spans, "agent-orchestrator", null, "chat offline-planner-v1");
    assertThat(model).hasSize(2);
    assertThat(model).allSatisfy(m -> assertThat(m.tags()).containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.request.model", "offline-planner-v1"));
    assertThat(model).extracting(Span::parentId).containsExactlyInAnyOrder(turnReceived.id(), resultReceived.id());
    assertThat(one(spans, "agent-orchestrator", null, "guardrail input").tags()).containsEntry("verdict", "allowed");
    assertThat(one(spans, "agent-orchestrator", null, "guardrail output").tags()).containsEntry("verdict", "allowed");

    // the audit records of the turn carry the trace's id, in the record and in their traceparent header
    AuditLog audit = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId);
    assertThat(audit.records()).hasSize(8);
    assertThat(audit.records()).extracting(AuditRecord::getTraceId).containsOnly(traceId);
    for (AuditLog.Entry entry : audit.entries()) {
      Header traceparent = entry.stored().headers().stream().filter(h -> h.key().equals("traceparent")).findFirst().orElseThrow();
      assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
    }
  }

  @Test
  void theDevSliderLearnsWhereTracesAreShown() throws Exception {
    HttpResponse<String> response = system.get(0, "/api/dev/observability", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonMapper.shared().readTree(response.body()).get("traceUrl").asString())
        .isEqualTo(zipkin.baseUrl() + "/zipkin/traces/{traceId}");
  }

  @Test
  void everyServiceServesItsSeriesOnPrometheus() throws Exception {
    String gateway = awaitSeries(system.gatewayPort(0), "kafka_consumer_group_lag_records{group=\"gateway-gw-1\",topic=\"chat.replies\"}");
    assertThat(gateway).contains("chat_turns_total{outcome=\"answer\"} 1.0");
    assertThat(gateway).contains("chat_turn_duration_seconds_count{outcome=\"answer\"} 1");
    // the SLO buckets (how many of them hold this one turn depends on how fast it was: the 30 s one must)
    for (String le : List.of("0.1", "0.25", "0.5", "1.0", "2.0", "5.0", "10.0")) {
      assertThat(gateway).containsPattern("chat_turn_duration_seconds_bucket\\{outcome=\"answer\",le=\"" + le + "\"} [01]\\.?0?\n");
    }
    assertThat(gateway).contains("chat_turn_duration_seconds_bucket{outcome=\"answer\",le=\"30.0\"} 1");
    assertThat(gateway).contains("chat_turn_duration_seconds_bucket{outcome=\"answer\",le=\"+Inf\"} 1");
    assertThat(gateway).contains("gateway_pii_reveals_total{outcome=\"REVEALED\"} 0.0");
    assertThat(gateway).contains("chat_frame_seconds_count{error=\"none\",frame_result=\"user_message\"} 1");

    String orchestratorSeries = awaitSeries(RunningSystem.port(orchestrator),
        "kafka_consumer_group_lag_records{group=\"agent-orchestrator\",topic=\"chat.turns\"} 0.0");
    assertThat(orchestratorSeries).contains("audit_records_written_total{writer=\"orchestrator\"} 8.0");
    assertThat(orchestratorSeries).containsPattern(
        "gen_ai_client_operation_seconds_count\\{error=\"none\",gen_ai_operation_name=\"chat\",gen_ai_request_model=\"offline-planner-v1\",outcome=\"tool_calls\"} 1");
    assertThat(orchestratorSeries).containsPattern(
        "gen_ai_client_operation_seconds_count\\{error=\"none\",gen_ai_operation_name=\"chat\",gen_ai_request_model=\"offline-planner-v1\",outcome=\"answer\"} 1");
    assertThat(orchestratorSeries).contains("guardrail_check_seconds_count{error=\"none\",guardrail=\"input\",verdict=\"allowed\"} 1");
    // each consumed record's timer, from the batch listener's observations (the container's batch timer of the
    // same name would have kept them off this page)
    for (String topic : List.of("chat.turns", "tool.results")) {
      assertThat(orchestratorSeries).contains("spring_kafka_listener_seconds_count{error=\"none\",messaging_operation=\"process\","
          + "messaging_source_kind=\"topic\",messaging_source_name=\"" + topic + "\",messaging_system=\"kafka\","
          + "spring_kafka_listener_id=\"conversations\"} 1");
    }
    assertThat(orchestratorSeries).contains("guardrail_check_seconds_count{error=\"none\",guardrail=\"output\",verdict=\"allowed\"} 1");
    // the SIEM feed commits its first batch up to audit.projections.batch-wait after the turn, and its lag
    // is read on the lag timer after that: waited for, not expected at once
    awaitSeries(RunningSystem.port(orchestrator), "kafka_consumer_group_lag_records{group=\"audit-siem\",topic=\"audit.events\"}");

    // tool.calls is written in the orchestrator's transactions: after the one call's record (offset 0)
    // its commit marker takes offset 1, so the end offset is 2 and the worker's committed offset 1
    String worker = awaitSeries(system.workerPort(0),
        "kafka_consumer_group_lag_records{group=\"tool-workers\",topic=\"tool.calls\"} 1.0");
    assertThat(worker).contains(
        "tool_call_seconds_count{error=\"none\",gen_ai_operation_name=\"execute_tool\",gen_ai_tool_name=\"evaluateCollateralSufficiency\",outcome=\"OK\"} 1");
    assertThat(worker).contains("spring_kafka_listener_seconds_count{error=\"none\",messaging_operation=\"process\","
        + "messaging_source_kind=\"topic\",messaging_source_name=\"tool.calls\",messaging_system=\"kafka\","
        + "spring_kafka_listener_id=\"tool-calls\"} 1");
  }

  // ------------------------------------------------------------------ helpers

  private static Span one(List<Span> spans, String service, String kind, String name) {
    List<Span> found = all(spans, service, kind, name);
    assertThat(found).as("%s %s %s", service, kind, name).hasSize(1);
    return found.get(0);
  }

  private static List<Span> all(List<Span> spans, String service, String kind, String name) {
    return spans.stream().filter(s -> s.service().equals(service) && s.name().equals(name)
        && (kind == null || kind.equals(s.kind()))).toList();
  }

  /** The trace as an indented tree: service, kind, name, children in start order. */
  private static String tree(List<Span> spans, String parentId, String indent) {
    StringBuilder text = new StringBuilder();
    spans.stream().filter(s -> java.util.Objects.equals(s.parentId(), parentId))
        .sorted(java.util.Comparator.comparingLong(Span::timestamp))
        .forEach(s -> text.append(indent).append(s.service()).append("  ").append(s.kind() == null ? "" : s.kind() + " ")
            .append(s.name()).append(String.format(" (%.1f ms)%n", s.durationMicros() / 1000.0))
            .append(tree(spans, s.id(), indent + "  ")));
    return text.toString();
  }

  /**
   * The trace from Zipkin once every span the test checks arrived (every service's, through the reply's receipt
   * by the gateway) and no span's parent is missing any more: a complete tree, not a pause for stragglers.
   */
  private List<Span> awaitTrace(String traceId) {
    return await("trace " + traceId + " complete in Zipkin").pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
        .atMost(Duration.ofSeconds(30))
        .until(() -> {
          String json = zipkin.trace(traceId);
          return json == null ? List.<Span>of() : parse(json);
        }, ObservabilityEndToEndTest::complete);
  }

  private static boolean complete(List<Span> spans) {
    Set<String> ids = spans.stream().map(Span::id).collect(Collectors.toSet());
    Set<String> services = spans.stream().map(Span::service).collect(Collectors.toSet());
    long repliesSent = spans.stream().filter(s -> s.name().equals("chat.replies send")).count();
    long repliesReceived = spans.stream().filter(s -> s.name().equals("chat.replies process")).count();
    long modelCalls = spans.stream().filter(s -> s.name().equals("chat offline-planner-v1")).count();
    boolean jdbc = spans.stream().anyMatch(s -> s.name().equals("query"));
    boolean guarded = spans.stream().anyMatch(s -> s.name().equals("guardrail input"))
        && spans.stream().anyMatch(s -> s.name().equals("guardrail output"));
    boolean tool = spans.stream().anyMatch(s -> s.name().equals("execute_tool evaluatecollateralsufficiency"));
    boolean linked = spans.stream().allMatch(s -> s.parentId() == null || ids.contains(s.parentId()));
    return services.size() == 3 && repliesSent == 3 && repliesReceived == 3 && modelCalls == 2 && jdbc && guarded
        && tool && linked;
  }

  private static List<Span> parse(String json) {
    List<Span> spans = new ArrayList<>();
    for (JsonNode node : JsonMapper.shared().readTree(json)) {
      Map<String, String> tags = new HashMap<>();
      JsonNode tagNode = node.get("tags");
      if (tagNode != null) {
        tagNode.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
      }
      spans.add(new Span(node.get("id").asString(), node.has("parentId") ? node.get("parentId").asString() : null,
          node.get("localEndpoint").get("serviceName").asString(), node.has("kind") ? node.get("kind").asString() : null,
          node.has("name") ? node.get("name").asString() : "", tags, node.get("timestamp").asLong(),
          node.has("duration") ? node.get("duration").asLong() : 0));
    }
    return spans;
  }

  /** The service's Prometheus page once it shows {@code series} (the lag gauges appear after their first reading). */
  private static String awaitSeries(int port, String series) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build();
    return await("port " + port + " serves " + series).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
        .atMost(Duration.ofSeconds(20))
        .until(() -> {
          HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(200);
          return response.body();
        }, body -> body.contains(series));
  }
}
