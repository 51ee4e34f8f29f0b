package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ModelAnswerKind;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.TurnDeadlineReached;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Questions travelling the whole chain: WebSocket → gateway → Kafka → orchestrator → tool worker →
 * database → back, every event also in audit.events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(KafkaLane.class)
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
    // a readable event on a topic that does not carry it (every one of these but chat.replies): Topics refuses it
    byte[] wrongTopic = new EventSerde().encode(ChatProgress.newBuilder().setEventId("poison").setConversationId("poison")
        .setTurnId("poison").setUserId("poison").setCallId("poison").setTool("getLoanStatus")
        .setStatus(ProgressStatus.STARTED).setAt(Instant.EPOCH).build());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (Topic topic : List.of(Topic.CHAT_TURNS, Topic.TOOL_CALLS, Topic.TOOL_RESULTS, Topic.AGENT_SIGNALS,
          Topic.CHAT_REPLIES)) {
        for (int partition = 0; partition < topic.partitions(); partition++) {
          producer.send(new ProducerRecord<>(topic.topicName(), partition, "poison", unknownFingerprint));
          producer.send(new ProducerRecord<>(topic.topicName(), partition, "poison", notAvro));
          if (topic != Topic.CHAT_REPLIES) {
            producer.send(new ProducerRecord<>(topic.topicName(), partition, "poison", wrongTopic));
          }
        }
      }
      producer.flush();
    }
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), officerToken)) {
      JsonNode[] answered = turn(client, null, "What's the status of loan L001?", new ArrayList<>());
      assertThat(answered[1].get("type").asString()).isEqualTo("assistant_message");
      assertThat(answered[1].get("toolCalls").get(0).get("outcome").asString()).isEqualTo("ok");
    }
    List<ConsumerRecord<String, byte[]>> dead = readAll(Topic.TOOL_CALLS_DEAD_LETTER, 3 * Topic.TOOL_CALLS.partitions());
    assertThat(dead).allSatisfy(record -> {
      assertThat(record.key()).isEqualTo("poison");
      String reason = new String(record.headers().lastHeader("loanofficer.dlt.reason").value());
      if (java.util.Arrays.equals(record.value(), unknownFingerprint)) {
        // a newer release's record: the reason names its fingerprint, the type cannot be known
        assertThat(reason).startsWith("io.loanofficer.events.serde.UnknownSchemaException: "
            + "No known event schema has fingerprint 0807060504030201: not one of the ")
            .endsWith(" released schemas of this build, probably written by a newer release (upgrade this reader to decode it)");
      } else if (java.util.Arrays.equals(record.value(), wrongTopic)) {
        assertThat(reason).isEqualTo("org.apache.kafka.common.errors.SerializationException: "
            + Topic.TOOL_CALLS.topicName() + " carries ToolCallRequested, not ChatProgress");
      } else {
        assertThat(reason).contains("Not an Avro single-object payload");
      }
    });
    assertThat(dead).extracting(ConsumerRecord::value).containsOnly(unknownFingerprint, notAvro, wrongTopic);
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
        await("the owner consumed both signals").atMost(REPLY_TIMEOUT).until(() -> {
          OffsetAndMetadata offset = admin.listConsumerGroupOffsets("agent-orchestrator")
              .partitionsToOffsetAndMetadata().get().get(partition);
          return offset == null ? -1 : offset.offset();
        }, committed -> committed > lastOffset);
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
      // each look is a 200 ms poll (in this thread: a consumer is not for other threads)
      await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ZERO).atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            assertThat(records).as("committed records on %s", topic.topicName()).hasSizeGreaterThanOrEqualTo(expected);
          });
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

  /**
   * A rolling upgrade: a turn a not-yet-upgraded gateway published (ChatTurnSubmitted v1) and a call a
   * not-yet-upgraded orchestrator published (ToolCallRequested v1) are still in flight when today's
   * services start. Both are processed, and the examiner's replay has the question.
   */
  @Test
  void inFlightEventsOfTheFirstReleaseAreProcessedAndReplayed() throws Exception {
    String conversationId = "upgrade-" + UUID.randomUUID();
    String turnId = "turn-" + UUID.randomUUID();
    String callId = "call-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    byte[] turnV1 = OldReleaseEvents.encode(ChatTurnSubmitted.class, 1, Map.of(
        "eventId", UUID.randomUUID().toString(), "conversationId", conversationId, "turnId", turnId,
        "clientMessageId", "c-upgrade", "text", "What's the status of loan L001?",
        "actor", OldReleaseEvents.actor("officer-1", "LOAN_OFFICER"), "gatewayInstance", "gw-previous-release",
        "submittedAt", now));
    byte[] callV1 = OldReleaseEvents.encode(ToolCallRequested.class, 1, Map.of(
        "eventId", UUID.randomUUID().toString(), "conversationId", "upgrade-calls", "turnId", "turn-of-a-call",
        "callId", callId, "round", 1, "tool", "getLoanStatus", "argumentsJson", "{\"loan_id\":\"L001\"}",
        "actor", OldReleaseEvents.actor("officer-1", "LOAN_OFFICER"), "requestedAt", now, "deadlineAt", now + 30_000));
    try (KafkaProducer<String, byte[]> producer = rawProducer()) {
      producer.send(new ProducerRecord<>(Topic.CHAT_TURNS.topicName(), conversationId, turnV1));
      producer.send(new ProducerRecord<>(Topic.TOOL_CALLS.topicName(), callId, callV1));
    }

    ChatReplyProduced reply = (ChatReplyProduced) firstDecoded(Topic.CHAT_REPLIES,
        e -> e instanceof ChatReplyProduced r && r.getTurnId().equals(turnId));
    assertThat(reply.getKind()).isEqualTo(ReplyKind.ANSWER);
    assertThat(reply.getToolCalls()).extracting(ToolCallSummary::getTool, ToolCallSummary::getOutcome)
        .containsExactly(tuple("getLoanStatus", ToolOutcome.OK));
    ToolCallCompleted result = (ToolCallCompleted) firstDecoded(Topic.TOOL_RESULTS,
        e -> e instanceof ToolCallCompleted c && c.getCallId().equals(callId));
    assertThat(result.getOutcome()).isEqualTo(ToolOutcome.OK);
    assertThat(result.getResultJson()).contains("\"status\":\"Active\"");

    JsonNode replay = examinersReplay(conversationId);
    assertThat(replay.get("chainVerified").asBoolean()).isTrue();
    assertThat(replay.has("notes")).as("notes: %s", replay.get("notes")).isFalse();
    JsonNode turn = replay.get("turns").get(0);
    assertThat(turn.get("question").asString()).isEqualTo("What's the status of loan L001?");
    assertThat(turn.get("askedBy").get("userId").asString()).isEqualTo("officer-1");
    assertThat(turn.get("askedAt").asString()).isEqualTo(Instant.ofEpochMilli(now).toString());
    assertThat(turn.get("gatewayInstance").asString()).isEqualTo("gw-previous-release");
    assertThat(turn.get("reply").get("kind").asString()).isEqualTo("ANSWER");
  }

  /**
   * The case on Kafka data: a conversation recorded by older releases (its payloads written
   * with ChatTurnSubmitted v1 and v2 and ToolCallRequested v1) replays complete with today's code.
   */
  @Test
  void aConversationRecordedByOlderReleasesReplaysCompleteAndVerified() throws Exception {
    String conversationId = "recorded-" + UUID.randomUUID();
    Instant at = Instant.parse("2026-11-20T09:15:00Z");
    Map<String, Object> turn = new java.util.HashMap<>(Map.of("eventId", "e-1", "conversationId", conversationId,
        "turnId", "turn-1", "clientMessageId", "c-1", "text", "What's the status of loan L001?",
        "actor", OldReleaseEvents.actor("officer-1", "LOAN_OFFICER"), "gatewayInstance", "gw-old",
        "submittedAt", at.toEpochMilli()));
    byte[] turnV1 = OldReleaseEvents.encode(ChatTurnSubmitted.class, 1, turn);
    byte[] callV1 = OldReleaseEvents.encode(ToolCallRequested.class, 1, Map.of("eventId", "e-2",
        "conversationId", conversationId, "turnId", "turn-1", "callId", "call-1", "round", 1, "tool", "getLoanStatus",
        "argumentsJson", "{\"loan_id\":\"L001\"}", "actor", OldReleaseEvents.actor("officer-1", "LOAN_OFFICER"),
        "requestedAt", at.toEpochMilli() + 100, "deadlineAt", at.toEpochMilli() + 10_100));
    turn.putAll(Map.of("eventId", "e-3", "turnId", "turn-2", "clientMessageId", "c-2",
        "text", "Is the collateral sufficient for loan L002?", "submittedAt", at.toEpochMilli() + 60_000,
        "noticeAcknowledged", true));
    byte[] turnV2 = OldReleaseEvents.encode(ChatTurnSubmitted.class, 2, turn);

    EventSerde serde = new EventSerde();
    String prevHash = AuditKeys.GENESIS_HASH;
    int partition = AuditKeys.partition(conversationId, Topic.AUDIT_EVENTS.partitions());
    List<String> types = List.of("ChatTurnSubmitted", "ToolCallRequested", "ChatTurnSubmitted");
    List<byte[]> payloads = List.of(turnV1, callV1, turnV2);
    try (KafkaProducer<String, byte[]> producer = rawProducer()) {
      for (int i = 0; i < payloads.size(); i++) {
        AuditRecord record = AuditChain.seal(AuditRecord.newBuilder().setEventId("e-" + (i + 1))
            .setConversationId(conversationId).setSeq(i + 1).setType(types.get(i)).setOccurredAt(at.plusSeconds(i))
            .setActor(null).setTraceId(null).setPayload(ByteBuffer.wrap(payloads.get(i))).setAttributes(Map.of())
            .setPrevHash("").setHash("").build(), prevHash);
        prevHash = record.getHash();
        producer.send(new ProducerRecord<>(Topic.AUDIT_EVENTS.topicName(), partition,
            AuditKeys.key(conversationId, i + 1), serde.encode(record)));
      }
    }

    JsonNode replay = examinersReplay(conversationId);
    assertThat(replay.get("chainVerified").asBoolean()).isTrue();
    assertThat(replay.get("records").asInt()).isEqualTo(3);
    assertThat(replay.has("notes")).as("notes: %s", replay.get("notes")).isFalse();
    JsonNode turns = replay.get("turns");
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).get("question").asString()).isEqualTo("What's the status of loan L001?");
    assertThat(turns.get(0).get("askedBy").get("userId").asString()).isEqualTo("officer-1");
    assertThat(turns.get(0).get("askedAt").asString()).isEqualTo("2026-11-20T09:15:00Z");
    assertThat(turns.get(0).get("toolCalls").get(0).get("tool").asString()).isEqualTo("getLoanStatus");
    assertThat(turns.get(1).get("question").asString()).isEqualTo("Is the collateral sufficient for loan L002?");
    assertThat(turns.get(1).get("askedAt").asString()).isEqualTo("2026-11-20T09:16:00Z");
  }

  private KafkaProducer<String, byte[]> rawProducer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
  }

  private JsonNode examinersReplay(String conversationId) throws Exception {
    HttpResponse<String> response = system.get(0, "/api/audit/conversations/" + conversationId,
        system.devToken("examiner-1", "EXAMINER"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  /** The first committed event on the topic that matches (records of other types or tests are passed over). */
  private SpecificRecord firstDecoded(Topic topic, Predicate<SpecificRecord> match) {
    EventSerde serde = new EventSerde();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // each look is a 200 ms poll (in this thread: a consumer is not for other threads); null until one matches
      return await("a matching event on " + topic.topicName()).pollInSameThread().pollDelay(Duration.ZERO)
          .pollInterval(Duration.ZERO).atMost(REPLY_TIMEOUT)
          .until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
              SpecificRecord event;
              try {
                event = serde.decode(record.value());
              } catch (RuntimeException e) {
                continue; // the poison records of recordsOfUnknownSchemaAreSkippedAndTheSystemKeepsAnswering
              }
              if (match.test(event)) {
                return event;
              }
            }
            return null;
          }, Objects::nonNull);
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
