package io.loanofficer.agent.kafka;

import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.observability.AuditMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes what one step produced — its events, their audit records and the conversation's new state
 * — in the listener's Kafka transaction (the only one that writes a conversation; one per poll), and
 * keeps the in-memory store in line with what was committed.
 */
@Component
public class ConversationWriter {

  private final ConversationStore store;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Counter auditWritten;

  public ConversationWriter(ConversationStore store, KafkaTemplate<String, SpecificRecord> kafka, MeterRegistry meters) {
    this.store = store;
    this.kafka = kafka;
    this.auditWritten = AuditMeters.written(meters, "orchestrator");
  }

  /**
   * Inside the listener's transaction (the consumed offsets commit with it), which must synchronize
   * (see AgentConfiguration): a rollback puts back each conversation's state from before the
   * transaction, also when one poll's transaction wrote a conversation several times.
   */
  public void write(String conversationId, ConversationState previous, ConversationEngine.Transition step) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("A conversation is written only inside the listener's transaction");
    }
    send(kafka, conversationId, step);
    long audited = step.outbound().stream().filter(out -> out.topic().equals(Topic.AUDIT_EVENTS.topicName())).count();
    afterCommit(() -> auditWritten.increment(audited));
    Map<String, ConversationState> before = statesBeforeTransaction();
    if (!before.containsKey(conversationId)) {
      before.put(conversationId, previous);
    }
    store.put(step.state());
  }

  /** The states this transaction replaced, as they were before its first write of each conversation. */
  @SuppressWarnings("unchecked")
  private Map<String, ConversationState> statesBeforeTransaction() {
    Map<String, ConversationState> before = (Map<String, ConversationState>) TransactionSynchronizationManager.getResource(this);
    if (before == null) {
      Map<String, ConversationState> replaced = new HashMap<>();
      TransactionSynchronizationManager.bindResource(this, replaced);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(ConversationWriter.this);
          if (status != STATUS_COMMITTED) {
            replaced.forEach(store::restore);
          }
        }
      });
      before = replaced;
    }
    return before;
  }

  private static void send(KafkaOperations<String, SpecificRecord> operations, String conversationId,
      ConversationEngine.Transition step) {
    for (OutboundRecord out : step.outbound()) {
      operations.send(new ProducerRecord<>(out.topic(), out.partition(), out.key(), out.value()));
    }
    operations.send(Topic.AGENT_CONVERSATIONS.topicName(), conversationId, step.state());
  }

  /** Runs an action once the current transaction commits (immediately when there is none). */
  public static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    } else {
      action.run();
    }
  }
}
