package io.loanofficer.agent.kafka;

import io.loanofficer.agent.conversation.AlertChain;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.ConversationState;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.Topics;
import io.loanofficer.observability.ConsumedRecords;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * signals to the conversation engine, and the alerts of lending.alerts to their officer's
 * {@link AlertChain} (partitioned like the conversations, so the same instance owns that chain).
 * Each poll's records, the records they cause, their audit
 * records and the conversations' new states are written in one Kafka transaction together with the
 * consumer offsets: all or nothing, and fenced by the consumer group, so an instance that lost the
 * partition cannot commit. One transaction per poll rather than per record: a commit costs the
 * broker a marker on every partition written (events, audit, state, replies), which at load was
 * most of the CPU of a turn (docs/benchmarks.md). When partitions are assigned, the states of their
 * conversations are loaded from agent.conversations, so in-flight turns resume.
 */
@Component
public class ConversationListener implements ConsumerSeekAware {

  private static final Logger log = LoggerFactory.getLogger(ConversationListener.class);

  private final ConversationEngine engine;
  private final ConversationStore store;
  private final ConversationWriter writer;
  private final ModelCallDispatcher modelCalls;
  private final ConversationStateLoader loader;
  private final AlertChain alerts;
  private final ObservationRegistry observations;
  private final UnreadableStates unreadable;

  public ConversationListener(ConversationEngine engine, ConversationStore store, ConversationWriter writer,
      ModelCallDispatcher modelCalls, ConversationStateLoader loader, AlertChain alerts, ObservationRegistry observations,
      UnreadableStates unreadable) {
    this.unreadable = unreadable;
    this.alerts = alerts;
    this.observations = observations;
    this.engine = engine;
    this.store = store;
    this.writer = writer;
    this.modelCalls = modelCalls;
    this.loader = loader;
  }

  @KafkaListener(id = UnreadableStates.LISTENER_ID, idIsGroup = false, batch = "true",
      containerPostProcessor = ConsumedRecords.BATCH_CONTAINER,
      topics = {"#{T(io.loanofficer.events.topics.Topic).CHAT_TURNS.topicName()}",
          "#{T(io.loanofficer.events.topics.Topic).TOOL_RESULTS.topicName()}",
          "#{T(io.loanofficer.events.topics.Topic).AGENT_SIGNALS.topicName()}",
          "#{T(io.loanofficer.events.topics.Topic).LENDING_ALERTS.topicName()}"})
  public void onEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
    if (unreadable.refusing()) {
      // nothing of this poll may be written or committed: its conversations belong to a reader of their states
      throw new IllegalStateException("Refusing " + records.size() + " records: this instance cannot read "
          + "some conversation states of its partitions and is stopping its listener");
    }
    loadIfMissing(records);
    for (ConsumerRecord<String, SpecificRecord> record : records) {
      if (record.value() == null) {
        // ErrorHandlingDeserializer: the bytes are no event this release can read; the container
        // cannot skip a record of a batch, so the listener does, and the offset commits with the batch
        log.error("Skipping an undecodable record on {}-{} at offset {}", record.topic(), record.partition(),
            record.offset());
        continue;
      }
      ConsumedRecords.observe(observations, "conversations", record, () -> apply(record));
    }
  }

  private void apply(ConsumerRecord<String, SpecificRecord> record) {
    SpecificRecord event = record.value();
    String conversationId = record.key();
    if (Topics.LENDING_ALERTS.isTopicOf(record)) {
      onAlert(conversationId, Topics.LENDING_ALERTS.value(record));
      return;
    }
    if (conversationId == null || AuditKeys.isServiceChain(conversationId)) {
      // the gateway refuses such ids; a record that has one anyway must not write into a gateway's or
      // an officer's alert chain
      log.error("Skipping {} on {}: conversation id is missing or a gateway or alert chain id",
          event.getSchema().getName(), record.topic());
      return;
    }
    ConversationState previous = store.get(conversationId);
    ConversationEngine.Transition step;
    try {
      step = stepFor(previous, record);
      if (step == null) {
        log.warn("Skipping unexpected {} on {}", event.getSchema().getName(), record.topic());
        return;
      }
      step = engine.askInProcess(step);
    } catch (RuntimeException e) {
      // The engine is deterministic: retrying would fail the same way and, in a batch, hold up every
      // conversation of the partition. A record listener's rollback processor logged and skipped such
      // a record after 10 tries; here it is skipped at once and the rest of the batch goes on.
      log.error("Skipping {} on {}-{} at offset {}: the engine failed", event.getSchema().getName(), record.topic(),
          record.partition(), record.offset(), e);
      return;
    }
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

  /** An alert goes on its officer's chain, which only a record keyed by that chain may write. */
  private void onAlert(String chainId, AlertRaised alert) {
    if (chainId == null || !chainId.equals(AuditKeys.alertChain(alert.getOfficerId()))) {
      log.error("Skipping alert {}: its key is not the alert chain of its officer", alert.getAlertId());
      return;
    }
    ConversationState previous = store.get(chainId);
    ConversationEngine.Transition step = alerts.onAlert(previous, alert);
    if (!step.outbound().isEmpty()) {
      writer.write(chainId, previous, step);
    }
  }

  /**
   * The engine's step for one record, by its topic and then by its event type; null for a topic this
   * listener does not handle. Each topic's deserializer let through only the types it carries (Topics).
   */
  private ConversationEngine.Transition stepFor(ConversationState previous, ConsumerRecord<String, SpecificRecord> record) {
    if (Topics.CHAT_TURNS.isTopicOf(record)) {
      return Topics.CHAT_TURNS.match(record.value(),
          turn -> engine.onTurn(previous, turn),
          reveal -> engine.onReveal(previous, reveal));
    }
    if (Topics.AGENT_SIGNALS.isTopicOf(record)) {
      return Topics.AGENT_SIGNALS.match(record.value(),
          answered -> engine.onModelAnswered(previous, answered),
          deadline -> engine.onDeadlineReached(previous, deadline));
    }
    if (Topics.TOOL_RESULTS.isTopicOf(record)) {
      return engine.onResult(previous, Topics.TOOL_RESULTS.value(record));
    }
    return null;
  }

  @Override
  public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    Collection<Integer> partitions = turnPartitions(assignments.keySet());
    if (!partitions.isEmpty()) {
      load(partitions);
    }
  }

  /**
   * Loads the states of partitions this poll has records of but whose states were never loaded. The
   * consumer hands out records of an assigned partition even when the assignment callback failed:
   * Spring's own seek before it timed out (a crashed owner's transactional offsets still pending, 60 s)
   * and the consumer went on with the partitions (fault run of 2026-12-01 13:41, docs/reliability.md).
   * Processing them without their states would start those conversations afresh at seq 1: a fork.
   */
  private void loadIfMissing(List<ConsumerRecord<String, SpecificRecord>> records) {
    Set<Integer> missing = new TreeSet<>();
    for (ConsumerRecord<String, SpecificRecord> record : records) {
      if (!store.owns(record.partition())) {
        missing.add(record.partition());
      }
    }
    if (!missing.isEmpty()) {
      log.warn("Records of partitions {} came before their conversations' states were loaded: loading them now", missing);
      load(missing);
      if (unreadable.refusing()) {
        throw new IllegalStateException("Refusing " + records.size() + " records: some conversation states of "
            + "partitions " + missing + " cannot be read");
      }
    }
  }

  /** Restores the states of the conversations of these partitions, or refuses them when one cannot be read. */
  private void load(Collection<Integer> partitions) {
    ConversationStateLoader.Restored restored = loader.load(partitions);
    if (!restored.unreadablePartitions().isEmpty()) {
      unreadable.refuse(restored.unreadablePartitions());
    }
    store.assigned(partitions, restored.states());
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
