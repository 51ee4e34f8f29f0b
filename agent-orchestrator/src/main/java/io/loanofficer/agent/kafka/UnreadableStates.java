package io.loanofficer.agent.kafka;

import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What an orchestrator does when a partition it was given holds a conversation state it cannot
 * read: it refuses to own conversations. Its listener stops (so the group gives the partitions to
 * an instance that reads them, once this member's session ends), every record it still holds rolls
 * back unwritten, and its health is DOWN with the partitions, so the operator sees why. Turns wait
 * in Kafka meanwhile: late, never lost, never on a restarted chain.
 */
public class UnreadableStates implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(UnreadableStates.class);

  /** The listener container that owns conversations (ConversationListener). */
  static final String LISTENER_ID = "conversations";

  private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
  private final Set<Integer> partitions = new TreeSet<>();
  private volatile boolean refusing;

  public UnreadableStates(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
    this.registry = registry;
  }

  /** Refuses every conversation from now on, and stops the listener (from another thread: it cannot stop itself). */
  public synchronized void refuse(Set<Integer> unreadable) {
    partitions.addAll(unreadable);
    if (refusing) {
      return;
    }
    refusing = true;
    log.error("Partitions {} of agent.conversations hold states this release cannot read (a newer release "
        + "wrote them?): this instance refuses to own conversations and stops its listener", unreadable);
    Thread stopper = new Thread(() -> {
      KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
      MessageListenerContainer container = listeners == null ? null : listeners.getListenerContainer(LISTENER_ID);
      if (container != null) {
        container.stop();
      }
    }, "refuse-conversations");
    stopper.setDaemon(true);
    stopper.start();
  }

  public boolean refusing() {
    return refusing;
  }

  @Override
  public synchronized Health health() {
    if (!refusing) {
      return Health.up().build();
    }
    return Health.down()
        .withDetail("unreadablePartitions", Set.copyOf(partitions))
        .withDetail("reason", "agent.conversations holds states of a schema this release does not know")
        .build();
  }
}
