package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.audit.AuditLog;
import io.loanofficer.events.audit.AuditLogReader;
import io.loanofficer.events.audit.ChainVerification;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An orchestrator stopped between a tool call and its result: the next one picks the conversation up
 * from agent.conversations, consumes the result and replies, exactly once.
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
      Thread.sleep(2_000);
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
}
