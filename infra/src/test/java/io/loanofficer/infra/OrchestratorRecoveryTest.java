package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.kafka.UnreadableStates;
import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
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
 * An orchestrator stopped between a tool call and its result: the next one picks the conversation up
 * from agent.conversations, consumes the result and replies, exactly once. A partition whose states
 * were never loaded, or a state it cannot read, does not restart a conversation's chain.
 */
@ExtendWith(KafkaLane.class)
class OrchestratorRecoveryTest {

  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aTurnInterruptedBetweenToolCallAndResultCompletesOnceAfterRestart() throws Exception {
    system = new RunningSystem().withGateway("gw-1");
    ConfigurableApplicationContext orchestrator = system.startOrchestrator();
    String token = system.devToken("officer-1", "LOAN_OFFICER");

    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), token)) {
      client.ask(null, "Is the collateral sufficient for loan L002?");
      JsonNode accepted = client.next(Duration.ofSeconds(20));
      assertThat(accepted.get("type").asString()).isEqualTo("accepted");
      JsonNode started = client.next(Duration.ofSeconds(20));
      assertThat(started.get("type").asString()).isEqualTo("progress");
      assertThat(started.get("status").asString()).isEqualTo("started");

      // No worker runs yet: the call waits on tool.calls. Stop the orchestrator, then let a worker answer.
      system.stop(orchestrator);
      system.startToolWorker("worker-1");
      // the worker has answered once its group's offsets passed the call: the result commits with them
      Map<TopicPartition, Long> calls = lastRecordOffsets(Topic.TOOL_CALLS);
      assertThat(calls).isNotEmpty();
      await().atMost(Duration.ofSeconds(30)).until(() -> committedPast("tool-workers", calls));
      assertThat(client.drain(Duration.ofMillis(200))).as("no reply while no orchestrator runs").isEmpty();

      system.startOrchestrator();
      JsonNode completed = client.next(Duration.ofSeconds(30));
      assertThat(completed.get("type").asString()).isEqualTo("progress");
      assertThat(completed.get("status").asString()).isEqualTo("completed");
      JsonNode answer = client.next(Duration.ofSeconds(30));
      assertThat(answer.get("type").asString()).isEqualTo("assistant_message");
      assertThat(answer.get("turnId").asString()).isEqualTo(accepted.get("turnId").asString());
      assertThat(answer.get("text").asString()).contains("0.86");
      List<JsonNode> after = client.drain(Duration.ofSeconds(3));
      assertThat(after).as("exactly one final reply").isEmpty();
    }
  }

  /**
   * Records of a partition whose states were never loaded (the consumer goes on with an assignment
   * whose callback failed: Spring's own seek timed out behind a crashed owner's pending offsets) are
   * not taken for new conversations: the listener loads the states first and the chain goes on.
   */
  @Test
  void recordsOfAPartitionWhoseStatesWereNeverLoadedContinueTheChainInsteadOfRestartingIt() throws Exception {
    system = new RunningSystem().withToolWorker("worker-1").withGateway("gw-1");
    ConfigurableApplicationContext orchestrator = system.startOrchestrator();
    String token = system.devToken("officer-1", "LOAN_OFFICER");

    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), token)) {
      ChatSocket.Turn first = client.turn(null, "What is the status of loan L001?", Duration.ofSeconds(30));
      String conversationId = first.conversationId();
      int recordsAfterFirst = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId).entries().size();

      // as after a failed assignment callback: the partition's records flow, its states were never loaded
      ConversationStore store = orchestrator.getBean(ConversationStore.class);
      store.revoked(List.of(ConversationStore.partitionOf(conversationId)));
      assertThat(store.get(conversationId)).isNull();

      ChatSocket.Turn second = client.turn(conversationId, "And what is the status of loan L002?", Duration.ofSeconds(30));
      assertThat(second.reply().get("type").asString()).isEqualTo("assistant_message");

      AuditLog chain = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId);
      assertThat(chain.rewrittenSeqs()).as("no seq written twice: the chain was not restarted").isEmpty();
      assertThat(chain.entries()).extracting(AuditLog.Entry::keySeq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, chain.entries().size()).boxed().toList());
      assertThat(chain.entries().size()).isGreaterThan(recordsAfterFirst);
      assertThat(ChainVerification.verify(chain).verified()).isTrue();
    }
  }

  /**
   * An orchestrator given a conversation whose state it cannot read (written by a newer release)
   * refuses it: it writes nothing for it, commits nothing, stops its listener and reports DOWN. The
   * previous release instead started such a conversation afresh at seq 1, forking its audit chain in
   * the fault run of 2026-12-01. The turn waits in Kafka and is answered once by an instance that
   * reads the state.
   */
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
      await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.getListenerContainer("conversations").isRunning());

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

  private List<ConsumerRecord<String, byte[]>> auditRecordsOf(String conversationId) {
    TopicPartition audit = new TopicPartition(Topic.AUDIT_EVENTS.topicName(), ConversationStore.partitionOf(conversationId));
    return readCommitted(List.of(audit)).stream()
        .filter(r -> r.key() != null && conversationId.equals(AuditKeys.chainOf(r.key()))).toList();
  }

  /** The offset of each partition's last committed record (partitions without one are left out). */
  private Map<TopicPartition, Long> lastRecordOffsets(Topic topic) {
    List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
        .mapToObj(p -> new TopicPartition(topic.topicName(), p)).toList();
    Map<TopicPartition, Long> last = new HashMap<>();
    readCommitted(partitions).forEach(r -> last.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max));
    return last;
  }

  /** Every committed record of the partitions, up to their end offsets now. */
  private List<ConsumerRecord<String, byte[]>> readCommitted(List<TopicPartition> partitions) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      await("reading " + partitions + " to " + end).atMost(Duration.ofSeconds(20)).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
          });
      return records;
    }
  }

  /** Whether the group's committed offset has passed each of these record offsets. */
  private boolean committedPast(String group, Map<TopicPartition, Long> offsets) throws Exception {
    for (Map.Entry<TopicPartition, Long> offset : offsets.entrySet()) {
      if (committed(group, offset.getKey()) <= offset.getValue()) {
        return false;
      }
    }
    return true;
  }

  private long committed(String group, TopicPartition partition) throws Exception {
    try (Admin admin = system.admin()) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
      return offset == null ? 0 : offset.offset();
    }
  }
}
