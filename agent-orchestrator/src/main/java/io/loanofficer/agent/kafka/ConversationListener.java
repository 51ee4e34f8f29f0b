package io.loanofficer.agent.kafka;

import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.conversation.Outbound;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.topics.Topic;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Feeds turns and tool results to the conversation engine. Each consumed record, the records it
 * causes, their audit records and the new conversation state are written in one Kafka transaction
 * together with the consumer offset: all or nothing.
 */
@Component
public class ConversationListener {

  private static final Logger log = LoggerFactory.getLogger(ConversationListener.class);

  private final ConversationEngine engine;
  private final ConversationStore store;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Clock clock;

  public ConversationListener(ConversationEngine engine, ConversationStore store,
      KafkaTemplate<String, SpecificRecord> kafka, Clock clock) {
    this.engine = engine;
    this.store = store;
    this.kafka = kafka;
    this.clock = clock;
  }

  @KafkaListener(id = "conversations", idIsGroup = false,
      topics = {"#{T(io.loanofficer.events.topics.Topic).CHAT_TURNS.topicName()}",
          "#{T(io.loanofficer.events.topics.Topic).TOOL_RESULTS.topicName()}"})
  public void onEvent(ConsumerRecord<String, SpecificRecord> record) {
    SpecificRecord event = record.value();
    String conversationId = record.key();
    synchronized (store.lockFor(conversationId)) {
      ConversationState previous = store.get(conversationId);
      ConversationEngine.Step step;
      if (event instanceof ChatTurnSubmitted turn) {
        step = engine.onTurn(previous, turn);
      } else if (event instanceof ToolCallCompleted result) {
        step = engine.onResult(previous, result);
      } else {
        log.warn("Skipping unexpected {} on {}", event.getSchema().getName(), record.topic());
        return;
      }
      apply(conversationId, previous, step, kafka);
    }
  }

  /** Ends turns whose deadline passed; each in its own transaction. */
  @Scheduled(fixedDelayString = "${agent.deadline-sweep:1s}")
  public void sweepDeadlines() {
    for (ConversationState candidate : store.awaitingTools()) {
      String conversationId = candidate.getConversationId();
      synchronized (store.lockFor(conversationId)) {
        ConversationState previous = store.get(conversationId);
        ConversationEngine.Step step = engine.onDeadline(previous, clock.instant());
        if (!step.outbound().isEmpty()) {
          try {
            kafka.executeInTransaction(operations -> {
              apply(conversationId, previous, step, operations);
              return null;
            });
          } catch (RuntimeException e) {
            store.restore(conversationId, previous);
            log.error("Could not end timed-out turn of {}; retrying on the next sweep", conversationId, e);
          }
        }
      }
    }
  }

  private void apply(String conversationId, ConversationState previous, ConversationEngine.Step step,
      KafkaOperations<String, SpecificRecord> operations) {
    if (step.outbound().isEmpty()) {
      return;
    }
    for (Outbound out : step.outbound()) {
      operations.send(new ProducerRecord<>(out.topic(), out.partition(), out.key(), out.value()));
    }
    operations.send(Topic.AGENT_CONVERSATIONS.topicName(), conversationId, step.state());
    store.put(step.state());
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          if (status != STATUS_COMMITTED) {
            store.restore(conversationId, previous);
          }
        }
      });
    }
  }
}
