package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.infra.invariants.InvariantChecker;
import io.loanofficer.infra.invariants.Violation;
import io.loanofficer.infra.invariants.Violation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The invariant checker that closes every fault run: on a system that kept its promises it finds
 * nothing and counts exactly what happened; each kind of broken promise, written into the topics by
 * hand, is found once, by kind and subject.
 */
@ExtendWith(KafkaLane.class)
class InvariantCheckerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");

  @Test
  void aCleanRunHoldsAndEachBrokenPromiseIsFoundByKind() throws Exception {
    try (RunningSystem system = new RunningSystem().withToolWorker("worker-1").withOrchestrator().withGateway("gw-1")) {
      String conversationId;
      try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"))) {
        ChatSocket.Turn first = client.turn(null, "Is the collateral sufficient for loan L002?", TIMEOUT);
        conversationId = first.accepted().get("conversationId").asString();
        JsonNode second = client.turn(conversationId, "What's the status of loan L001?", TIMEOUT).reply();
        assertThat(second.get("type").asString()).isEqualTo("assistant_message");
      }
      InvariantChecker checker = new InvariantChecker(system.bootstrapServers(), TIMEOUT);

      InvariantChecker.Report clean = checker.checkSettled(TIMEOUT);
      assertThat(clean.violations()).isEmpty();
      // two turns of one tool call each: 8 audit records per turn, one SIEM document per record
      assertThat(clean.counts()).containsEntry("turns accepted", 2L).containsEntry("final replies", 2L)
          .containsEntry("audit chains", 1L).containsEntry("audit records", 16L)
          .containsEntry("SIEM documents", 16L).containsEntry("conversation states", 1L)
          .containsEntry("dead letters", 0L);

      // Each broken promise, as a fault could leave it.
      EventSerde serde = new EventSerde();
      AuditRecord fifth = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId).records().get(4);
      AuditRecord forked = AuditRecord.newBuilder(fifth).setEventId("forked").build();
      ChatTurnSubmitted unanswered = ChatTurnSubmitted.newBuilder().setEventId("e-lost")
          .setConversationId("gateway-nobody-answers").setTurnId("t-lost").setClientMessageId("c-lost")
          .setText("status L001?").setActor(OFFICER).setGatewayInstance("gw-1").setTraceId(null)
          .setSubmittedAt(Instant.now()).build();
      ChatReplyProduced orphan = ChatReplyProduced.newBuilder().setEventId("e-orphan").setConversationId(conversationId)
          .setTurnId("t-never-asked").setClientMessageId("c-x").setUserId("officer-1").setKind(ReplyKind.ANSWER)
          .setText("?").setErrorCode(null).setToolCalls(List.of()).setTraceId(null).setProducedAt(Instant.now()).build();
      ToolCallRequested valid = ToolCallRequested.newBuilder().setEventId("e-dlt").setConversationId(conversationId)
          .setTurnId("t-x").setCallId("t-x/call-1").setRound(1).setTool("getLoanStatus")
          .setArgumentsJson("{\"loan_id\":\"L001\"}").setActor(OFFICER).setTraceId(null).setRequestedAt(Instant.now())
          .setDeadlineAt(Instant.now().plusSeconds(30)).build();
      String fifthKey = AuditKeys.key(conversationId, 5);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topic.AUDIT_EVENTS.topicName(),
            AuditKeys.partition(conversationId, Topic.AUDIT_EVENTS.partitions()), fifthKey, serde.encode(forked)));
        producer.send(new ProducerRecord<>(Topic.CHAT_TURNS.topicName(), unanswered.getConversationId(), serde.encode(unanswered)));
        producer.send(new ProducerRecord<>(Topic.CHAT_REPLIES.topicName(), conversationId, serde.encode(orphan)));
        producer.send(new ProducerRecord<>(Topic.TOOL_CALLS_DEAD_LETTER.topicName(), valid.getCallId(), serde.encode(valid)));
        producer.send(new ProducerRecord<>(Topic.AUDIT_SIEM.topicName(), AuditKeys.key(conversationId, 1), "{}".getBytes()));
        producer.flush();
      }

      // The SIEM forwarder projects the forked record too: a second document under its key, once it catches up.
      InvariantChecker.Report broken = await("the forked record's SIEM document").atMost(TIMEOUT).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(500)).until(checker::check, report -> report.byKind().get(Kind.SIEM_DUPLICATE) >= 2);
      assertThat(broken.byKind()).containsEntry(Kind.FORK, 1L).containsEntry(Kind.CHAIN_BROKEN, 1L)
          .containsEntry(Kind.LOST_TURN, 1L).containsEntry(Kind.ORPHAN_REPLY, 1L)
          .containsEntry(Kind.VALID_IN_DLT, 1L).containsEntry(Kind.SIEM_DUPLICATE, 2L)
          .containsEntry(Kind.DUPLICATE_REPLY, 0L).containsEntry(Kind.GAP, 0L).containsEntry(Kind.SIEM_MISSING, 0L)
          .containsEntry(Kind.STATE_MISMATCH, 0L);
      assertThat(broken.violations()).extracting(Violation::kind, Violation::subject).contains(
          org.assertj.core.groups.Tuple.tuple(Kind.FORK, fifthKey),
          org.assertj.core.groups.Tuple.tuple(Kind.CHAIN_BROKEN, conversationId),
          org.assertj.core.groups.Tuple.tuple(Kind.LOST_TURN, "gateway-nobody-answers t-lost"),
          org.assertj.core.groups.Tuple.tuple(Kind.ORPHAN_REPLY, "t-never-asked"),
          org.assertj.core.groups.Tuple.tuple(Kind.VALID_IN_DLT, "t-x/call-1"),
          org.assertj.core.groups.Tuple.tuple(Kind.SIEM_DUPLICATE, AuditKeys.key(conversationId, 1)),
          org.assertj.core.groups.Tuple.tuple(Kind.SIEM_DUPLICATE, fifthKey));
      assertThat(broken.toText()).contains("invariants violated: 7");
    }
  }
}
