package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ModelAnswerKind;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.TurnDeadlineReached;
import io.loanofficer.events.audit.AuditChain;
import io.loanofficer.events.audit.AuditKeys;
import io.loanofficer.events.audit.AuditLog;
import io.loanofficer.events.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Questions travelling the whole chain: WebSocket → gateway → Kafka → orchestrator → tool worker →
 * database → back, every event also in audit.events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkingSkeletonEndToEndTest {

  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

  private RunningSystem system;
  private String officerToken;

  @BeforeAll
  void startSystem() throws Exception {
    system = new RunningSystem().withToolWorker("worker-1").withOrchestrator().withGateway("gw-1");
    officerToken = system.devToken("officer-1", "LOAN_OFFICER");
  }

  @AfterAll
  void stopSystem() {
    if (system != null) {
      system.close();
    }
  }

  private JsonNode[] turn(ChatSocket client, String conversationId, String question, List<String> progress)
      throws InterruptedException {
    ChatSocket.Turn frames = client.turn(conversationId, question, REPLY_TIMEOUT);
    progress.addAll(frames.progress());
    return new JsonNode[] {frames.accepted(), frames.reply()};
  }

  @Test
  void threeQuestionsAreAnsweredWithTheirFiguresAndEveryEventIsAuditedInOrder() throws Exception {
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), officerToken)) {
      List<String> progress = new ArrayList<>();
      JsonNode[] collateral = turn(client, null, "Is the collateral sufficient for loan L002?", progress);
      String conversationId = collateral[0].get("conversationId").asString();

      JsonNode answer = collateral[1];
      assertThat(answer.get("type").asString()).isEqualTo("assistant_message");
      assertThat(answer.get("text").asString()).contains("0.86").containsIgnoringCase("not sufficient");
      JsonNode call = answer.get("toolCalls").get(0);
      assertThat(answer.get("toolCalls")).hasSize(1);
      assertThat(call.get("tool").asString()).isEqualTo("evaluateCollateralSufficiency");
      assertThat(call.get("arguments").get("loan_id").asString()).isEqualTo("L002");
      assertThat(call.get("outcome").asString()).isEqualTo("ok");
      assertThat(call.get("result").get("ltv").asDouble()).isEqualTo(0.86);
      assertThat(call.get("result").get("sufficient").asBoolean()).isFalse();
      assertThat(answer.get("traceId").asString()).hasSize(32);
      assertThat(progress).containsExactly("evaluateCollateralSufficiency:started", "evaluateCollateralSufficiency:completed");

      progress.clear();
      JsonNode notFound = turn(client, conversationId, "What's the status of loan L999?", progress)[1];
      assertThat(notFound.get("type").asString()).isEqualTo("assistant_message");
      assertThat(notFound.get("toolCalls").get(0).get("tool").asString()).isEqualTo("getLoanStatus");
      assertThat(notFound.get("toolCalls").get(0).get("outcome").asString()).isEqualTo("not_found");
      assertThat(notFound.get("text").asString()).contains("L999");
      assertThat(progress).containsExactly("getLoanStatus:started", "getLoanStatus:failed");

      progress.clear();
      JsonNode risk = turn(client, conversationId, "What's the default risk for borrower B001?", progress)[1];
      JsonNode riskResult = risk.get("toolCalls").get(0).get("result");
      assertThat(risk.get("toolCalls").get(0).get("tool").asString()).isEqualTo("getBorrowerDefaultRisk");
      assertThat(riskResult.get("risk_score").asDouble()).isEqualTo(0.26);
      assertThat(riskResult.get("risk_category").asString()).isEqualTo("Low");
      assertThat(risk.get("text").asString()).contains("0.26").contains("Low");

      List<AuditRecord> audit = auditChain(conversationId, 24);
      List<String> perTurn = List.of("ChatTurnSubmitted", "ModelInvoked", "ToolCallRequested", "ChatProgress",
          "ToolCallCompleted", "ChatProgress", "ModelInvoked", "ChatReplyProduced");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        expected.addAll(perTurn);
      }
      assertThat(audit).extracting(AuditRecord::getType).containsExactlyElementsOf(expected);
      assertThat(audit).extracting(AuditRecord::getSeq)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList());
      String prev = AuditKeys.GENESIS_HASH;
      for (AuditRecord record : audit) {
        assertThat(record.getPrevHash()).isEqualTo(prev);
        assertThat(AuditChain.hashOf(record)).isEqualTo(record.getHash());
        prev = record.getHash();
      }
      EventSerde serde = new EventSerde();
      assertThat(audit).allSatisfy(r ->
          assertThat(serde.decode(r.getPayload().array()).getSchema().getName()).isEqualTo(r.getType()));
    }
  }

  @Test
  void upgradeWithoutAValidTokenIsRefusedWith401() {
    int port = system.gatewayPort(0);
    for (String query : new String[] {"", "?access_token=not-a-jwt", "?access_token=" + tamper(officerToken)}) {
      assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/chat" + query), new java.net.http.WebSocket.Listener() {})
          .orTimeout(10, TimeUnit.SECONDS).join())
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }
    // Refusals belong to no conversation: they are audited on the gateway's own, verified chain.
    AuditLog chain = AuditLogReader.forBootstrap(system.bootstrapServers()).read("gateway-gw-1");
    assertThat(chain.verify().verified()).isTrue();
    EventSerde serde = new EventSerde();
    List<io.loanofficer.events.AccessRefused> refusals = chain.records().stream()
        .map(r -> serde.decode(r.getPayload().array(), io.loanofficer.events.AccessRefused.class)).toList();
    assertThat(refusals).filteredOn(r -> r.getCode().equals("401") && r.getPath().equals("/ws/chat")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(refusals).allSatisfy(r -> assertThat(r.getGatewayInstance()).isEqualTo("gw-1"));
  }

  @Test
  void malformedFramesGetATypedErrorAndTheSocketKeepsWorking() throws Exception {
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), officerToken)) {
      client.sendRaw("this is not json");
      JsonNode error = client.next(REPLY_TIMEOUT);
      assertThat(error.get("type").asString()).isEqualTo("error");
      assertThat(error.get("code").asString()).isEqualTo("INVALID_MESSAGE");

      client.sendRaw("{\"type\":\"user_message\",\"clientMessageId\":\"c-x\",\"text\":42}");
      JsonNode typed = client.next(REPLY_TIMEOUT);
      assertThat(typed.get("code").asString()).isEqualTo("INVALID_MESSAGE");
      assertThat(typed.get("clientMessageId").asString()).isEqualTo("c-x");

      JsonNode[] ok = turn(client, null, "What's the status of loan L001?", new ArrayList<>());
      assertThat(ok[1].get("type").asString()).isEqualTo("assistant_message");
      assertThat(ok[1].get("toolCalls").get(0).get("result").get("status").asString()).isEqualTo("Active");
    }
  }

  @Test
  void recordsOfUnknownSchemaAreSkippedAndTheSystemKeepsAnswering() throws Exception {
    byte[] unknownFingerprint = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0};
    byte[] notAvro = "{\"type\":\"user_message\"}".getBytes();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (Topic topic : List.of(Topic.CHAT_TURNS, Topic.TOOL_CALLS, Topic.TOOL_RESULTS, Topic.AGENT_SIGNALS,
          Topic.CHAT_REPLIES)) {
        for (int partition = 0; partition < topic.partitions(); partition++) {
          producer.send(new ProducerRecord<>(topic.topicName(), partition, "poison", unknownFingerprint));
          producer.send(new ProducerRecord<>(topic.topicName(), partition, "poison", notAvro));
        }
      }
      producer.flush();
    }
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), officerToken)) {
      JsonNode[] answered = turn(client, null, "What's the status of loan L001?", new ArrayList<>());
      assertThat(answered[1].get("type").asString()).isEqualTo("assistant_message");
      assertThat(answered[1].get("toolCalls").get(0).get("outcome").asString()).isEqualTo("ok");
    }
    List<ConsumerRecord<String, byte[]>> dead = readAll(Topic.TOOL_CALLS_DEAD_LETTER, 2 * Topic.TOOL_CALLS.partitions());
    assertThat(dead).allSatisfy(record -> {
      assertThat(record.key()).isEqualTo("poison");
      assertThat(new String(record.headers().lastHeader("loanofficer.dlt.reason").value()))
          .containsAnyOf("UnknownSchemaException", "Not an Avro single-object payload");
    });
    assertThat(dead).extracting(ConsumerRecord::value).containsOnly(unknownFingerprint, notAvro);
  }

  @Test
  void aLateOrRepeatedModelAnswerOrDeadlineSignalWritesNothing() throws Exception {
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), officerToken)) {
      JsonNode[] first = turn(client, null, "What's the status of loan L001?", new ArrayList<>());
      String conversationId = first[0].get("conversationId").asString();
      String turnId = auditChain(conversationId, 8).get(0).getAttributes().get("loanofficer.turn.id");

      // What an instance that lost the partition, or a second model call after a rebalance, would send.
      ModelAnswered late = ModelAnswered.newBuilder().setEventId("late-1").setConversationId(conversationId)
          .setTurnId(turnId).setRound(0).setModel("offline-planner").setDecision(ModelAnswerKind.ANSWER)
          .setText("A forged late answer.").setDurationMillis(1).setAnsweredAt(Instant.now()).build();
      TurnDeadlineReached deadline = TurnDeadlineReached.newBuilder().setEventId("late-2")
          .setConversationId(conversationId).setTurnId(turnId).setDeadlineAt(Instant.EPOCH)
          .setDetectedAt(Instant.now()).build();
      EventSerde serde = new EventSerde();
      long lastOffset;
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topic.AGENT_SIGNALS.topicName(), conversationId, serde.encode(late))).get();
        lastOffset = producer.send(new ProducerRecord<>(Topic.AGENT_SIGNALS.topicName(), conversationId,
            serde.encode(deadline))).get().offset();
      }
      TopicPartition partition = new TopicPartition(Topic.AGENT_SIGNALS.topicName(),
          AuditKeys.partition(conversationId, Topic.AGENT_SIGNALS.partitions()));
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
        long deadlineNanos = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        long committed = -1;
        while (committed <= lastOffset && System.nanoTime() < deadlineNanos) {
          OffsetAndMetadata offset = admin.listConsumerGroupOffsets("agent-orchestrator")
              .partitionsToOffsetAndMetadata().get().get(partition);
          committed = offset == null ? -1 : offset.offset();
          Thread.sleep(100);
        }
        assertThat(committed).as("the owner consumed both signals").isGreaterThan(lastOffset);
      }

      // Consumed, and nothing written: the chain is the first turn's 8 records, then the next turn's.
      JsonNode[] second = turn(client, conversationId, "What's the status of loan L001?", new ArrayList<>());
      assertThat(second[1].get("type").asString()).isEqualTo("assistant_message");
      List<AuditRecord> audit = auditChain(conversationId, 16);
      assertThat(audit).extracting(AuditRecord::getType).filteredOn("ChatReplyProduced"::equals).hasSize(2);
      assertThat(audit).noneSatisfy(r -> assertThat(r.getEventId()).isIn("late-1", "late-2"));
    }
  }

  private List<ConsumerRecord<String, byte[]>> readAll(Topic topic, int expected) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      assertThat(records).hasSize(expected);
      return records;
    }
  }

  @Test
  void theAiUseNoticeAcknowledgementIsKeptInTheAuditTrail() throws Exception {
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), officerToken)) {
      client.sendRaw("{\"type\":\"user_message\",\"clientMessageId\":\"c-ack\",\"noticeAcknowledged\":true,"
          + "\"text\":\"What's the status of loan L001?\"}");
      JsonNode accepted = client.next(REPLY_TIMEOUT);
      String conversationId = accepted.get("conversationId").asString();
      JsonNode frame = client.next(REPLY_TIMEOUT);
      while (frame.get("type").asString().equals("progress")) {
        frame = client.next(REPLY_TIMEOUT);
      }
      assertThat(frame.get("type").asString()).isEqualTo("assistant_message");
      AuditRecord first = auditChain(conversationId, 8).get(0);
      assertThat(first.getType()).isEqualTo("ChatTurnSubmitted");
      assertThat(first.getAttributes()).containsEntry("loanofficer.notice.acknowledged", "true");
      assertThat(new EventSerde().decode(first.getPayload().array(), io.loanofficer.events.ChatTurnSubmitted.class)
          .getNoticeAcknowledged()).isTrue();
    }
  }

  /** The same token with a flipped signature character. */
  private static String tamper(String token) {
    char last = token.charAt(token.length() - 2);
    return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
  }

  /**
   * The conversation's audit records (read_committed, from audit.events alone), asserting that the chain
   * verifies: keys, seqs, hashes and their order in the partition. Called after the turns' final frames,
   * which are committed in the same transactions as their audit records.
   */
  private List<AuditRecord> auditChain(String conversationId, int expected) {
    AuditLog log = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId);
    assertThat(log.verify().verified()).as(log.verify().detail()).isTrue();
    assertThat(log.records()).hasSize(expected);
    return log.records();
  }

}
