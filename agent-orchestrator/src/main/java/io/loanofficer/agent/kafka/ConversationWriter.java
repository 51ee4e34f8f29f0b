package io.loanofficer.agent.kafka;

import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.conversation.Outbound;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes what one step produced — its events, their audit records and the conversation's new state
 * — in one Kafka transaction, and keeps the in-memory store in line with what was committed.
 */
@Component
public class ConversationWriter {

  private static final Logger log = LoggerFactory.getLogger(ConversationWriter.class);

  private final ConversationStore store;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  /** Conversations whose state is in the store but whose listener transaction has not completed yet. */
  private final java.util.Set<String> uncommitted = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public ConversationWriter(ConversationStore store, KafkaTemplate<String, SpecificRecord> kafka) {
    this.store = store;
    this.kafka = kafka;
  }

  /** Inside the listener's transaction (the consumed offset commits with it). */
  public void write(String conversationId, ConversationState previous, ConversationEngine.Step step) {
    send(kafka, conversationId, step);
    store.put(step.state());
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      uncommitted.add(conversationId);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          if (status != STATUS_COMMITTED) {
            store.restore(conversationId, previous);
          }
          uncommitted.remove(conversationId);
        }
      });
    }
  }

  /**
   * True while a listener transaction that changed this conversation has not completed: its state is
   * in the store, but its records (audit seqs included) are not committed yet, so nothing else may
   * write the conversation (a later transaction committing first would put audit seqs out of order).
   */
  public boolean uncommitted(String conversationId) {
    return uncommitted.contains(conversationId);
  }

  /** In a transaction of its own (model answers and deadlines arrive outside any listener); false if it failed. */
  public boolean writeInOwnTransaction(String conversationId, ConversationState previous, ConversationEngine.Step step) {
    try {
      kafka.executeInTransaction(operations -> {
        send(operations, conversationId, step);
        return null;
      });
      store.put(step.state());
      return true;
    } catch (RuntimeException e) {
      store.restore(conversationId, previous);
      log.error("Could not write step of conversation {}; it stays as it was", conversationId, e);
      return false;
    }
  }

  private static void send(KafkaOperations<String, SpecificRecord> operations, String conversationId,
      ConversationEngine.Step step) {
    for (Outbound out : step.outbound()) {
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
