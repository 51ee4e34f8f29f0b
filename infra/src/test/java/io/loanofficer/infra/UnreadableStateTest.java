package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.kafka.UnreadableStates;
import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;

/**
 * An orchestrator given a conversation whose state it cannot read (written by a newer release)
 * refuses it: it writes nothing for it, commits nothing, stops its listener and reports DOWN. The
 * previous release instead started such a conversation afresh at seq 1, forking its audit chain in
 * the fault run of 2026-12-01. The turn waits in Kafka and is answered once by an instance that
 * reads the state.
 */
@ExtendWith(KafkaLane.class)
class UnreadableStateTest {

  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aStateOfAnUnknownSchemaIsRefusedNotRestartedAndItsTurnWaitsForAReader() throws Exception {
    system = new RunningSystem().withToolWorker("worker-1").withGateway("gw-1");
    String token = system.devToken("officer-1", "LOAN_OFFICER");
    String conversationId = UUID.randomUUID().toString();
    int partition = ConversationStore.partitionOf(conversationId);

    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), token)) {
      client.ask(conversationId, "What is the status of loan L002?");
      JsonNode accepted = client.next(Duration.ofSeconds(20));
      assertThat(accepted.get("type").asString()).isEqualTo("accepted");

      byte[] newer = new EventSerde().encode(state(conversationId, 3));
      for (int i = 2; i < 10; i++) {
        newer[i] = 0x77; // the fingerprint of a schema released after this build
      }
      writeState(conversationId, newer);
      TopicPartition turns = new TopicPartition(Topic.CHAT_TURNS.topicName(), partition);
      long committedBefore = committed("agent-orchestrator", turns);

      ConfigurableApplicationContext refusing = system.startOrchestrator();
      UnreadableStates states = refusing.getBean(UnreadableStates.class);
      KafkaListenerEndpointRegistry listeners = refusing.getBean(KafkaListenerEndpointRegistry.class);
      awaitTrue(() -> !listeners.getListenerContainer("conversations").isRunning(), Duration.ofSeconds(30));

      assertThat(states.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(states.health().getDetails().get("unreadablePartitions")).isEqualTo(java.util.Set.of(partition));
      assertThat(client.drain(Duration.ofSeconds(2))).as("no reply from an instance that refused the conversation")
          .isEmpty();
      assertThat(auditRecordsOf(conversationId)).as("no chain restarted at seq 1").isEmpty();
      assertThat(committed("agent-orchestrator", turns)).as("the turn stays uncommitted").isEqualTo(committedBefore);
      system.stop(refusing);

      // a reader of the state (here: the state rewritten in a version this build reads) answers it once
      writeState(conversationId, new EventSerde().encode(state(conversationId, 0)));
      system.startOrchestrator();
      List<JsonNode> frames = new ArrayList<>();
      JsonNode frame;
      do {
        frame = client.next(Duration.ofSeconds(30));
        frames.add(frame);
      } while (!frame.get("type").asString().equals("assistant_message") && !frame.get("type").asString().equals("error"));
      assertThat(frame.get("type").asString()).isEqualTo("assistant_message");
      assertThat(frame.get("turnId").asString()).isEqualTo(accepted.get("turnId").asString());
      assertThat(client.drain(Duration.ofSeconds(2))).as("exactly one final reply").isEmpty();
      // the reader carried the chain on from the state it read (seq 0), so its first record is seq 1
      assertThat(auditRecordsOf(conversationId)).first().extracting(ConsumerRecord::key)
          .isEqualTo(AuditKeys.key(conversationId, 1));
    }
  }

  private static ConversationState state(String conversationId, long auditSeq) {
    return ConversationState.newBuilder()
        .setConversationId(conversationId).setOwnerUserId("officer-1").setStatus(ConversationStatus.REPLIED)
        .setAuditSeq(auditSeq).setAuditHash(AuditKeys.GENESIS_HASH).setActiveTurn(null)
        .setTranscript(new ArrayList<>()).setUpdatedAt(Instant.parse("2026-12-01T10:00:00Z")).build();
  }

  private void writeState(String conversationId, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topic.AGENT_CONVERSATIONS.topicName(), conversationId, value)).get();
    }
  }

  private List<ConsumerRecord<String, byte[]>> auditRecordsOf(String conversationId) throws Exception {
    TopicPartition audit = new TopicPartition(Topic.AUDIT_EVENTS.topicName(), ConversationStore.partitionOf(conversationId));
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        Admin admin = system.admin()) {
      long end = admin.listOffsets(Map.of(audit, OffsetSpec.latest())).all().get().get(audit).offset();
      consumer.assign(List.of(audit));
      consumer.seekToBeginning(List.of(audit));
      while (consumer.position(audit) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.key() != null && conversationId.equals(AuditKeys.chainOf(r.key()))) {
            records.add(r);
          }
        });
      }
    }
    return records;
  }

  private long committed(String group, TopicPartition partition) throws Exception {
    try (Admin admin = system.admin()) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
      return offset == null ? 0 : offset.offset();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
