package io.loanofficer.agent.kafka;

import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.TurnDeadlineReached;
import io.loanofficer.events.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * The one write path of a conversation: feeds turns, tool results, model answers and deadline
 * signals to the conversation engine. Each consumed record, the records it causes, their audit
 * records and the new conversation state are written in one Kafka transaction together with the
 * consumer offset: all or nothing, and fenced by the consumer group, so an instance that lost the
 * partition cannot commit. When partitions are assigned, the states of their conversations are
 * loaded from agent.conversations, so in-flight turns resume.
 */
@Component
public class ConversationListener implements ConsumerSeekAware {

  private static final Logger log = LoggerFactory.getLogger(ConversationListener.class);

  private final ConversationEngine engine;
  private final ConversationStore store;
  private final ConversationWriter writer;
  private final ModelCalls modelCalls;
  private final ConversationStateLoader loader;
  private final ObservationRegistry observations;

  public ConversationListener(ConversationEngine engine, ConversationStore store, ConversationWriter writer,
      ModelCalls modelCalls, ConversationStateLoader loader, ObservationRegistry observations) {
    this.engine = engine;
    this.store = store;
    this.writer = writer;
    this.modelCalls = modelCalls;
    this.loader = loader;
    this.observations = observations;
  }

  @KafkaListener(id = "conversations", idIsGroup = false,
      topics = {"#{T(io.loanofficer.events.topics.Topic).CHAT_TURNS.topicName()}",
          "#{T(io.loanofficer.events.topics.Topic).TOOL_RESULTS.topicName()}",
          "#{T(io.loanofficer.events.topics.Topic).AGENT_SIGNALS.topicName()}"})
  public void onEvent(ConsumerRecord<String, SpecificRecord> record) {
    SpecificRecord event = record.value();
    String conversationId = record.key();
    if (conversationId == null || AuditKeys.isGatewayChain(conversationId)) {
      // the gateway refuses such ids; a record that has one anyway must not write into a gateway's audit chain
      log.error("Skipping {} on {}: conversation id is missing or a gateway chain id", event.getSchema().getName(),
          record.topic());
      return;
    }
    ConversationState previous = store.get(conversationId);
    ConversationEngine.Step step;
    if (event instanceof ChatTurnSubmitted turn) {
      step = engine.onTurn(previous, turn);
    } else if (event instanceof ToolCallCompleted result) {
      step = engine.onResult(previous, result);
    } else if (event instanceof ModelAnswered answered) {
      step = engine.onModelAnswered(previous, answered);
    } else if (event instanceof TurnDeadlineReached deadline) {
      step = engine.onDeadlineReached(previous, deadline);
    } else if (event instanceof PiiRevealed reveal) {
      step = engine.onReveal(previous, reveal);
    } else {
      log.warn("Skipping unexpected {} on {}", event.getSchema().getName(), record.topic());
      return;
    }
    step = engine.askInProcess(step);
    if (step.outbound().isEmpty()) {
      return;
    }
    writer.write(conversationId, previous, step);
    if (step.awaitsModel()) {
      ConversationState awaiting = step.state();
      // the record's span ends before the commit: the model call continues its trace from here
      Observation received = observations.getCurrentObservation();
      ConversationWriter.afterCommit(() -> modelCalls.submit(awaiting, received));
    }
  }

  @Override
  public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    Collection<Integer> partitions = turnPartitions(assignments.keySet());
    if (!partitions.isEmpty()) {
      store.assigned(partitions, loader.load(partitions));
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    store.revoked(turnPartitions(partitions));
  }

  private static Collection<Integer> turnPartitions(Collection<TopicPartition> partitions) {
    return partitions.stream()
        .filter(p -> p.topic().equals(Topic.CHAT_TURNS.topicName()))
        .map(TopicPartition::partition)
        .toList();
  }
}
