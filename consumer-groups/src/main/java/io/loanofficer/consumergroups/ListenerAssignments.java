package io.loanofficer.consumergroups;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Readiness of the listeners: UP once every consumer of every listener container that starts with
 * the application has received its first assignment from its group, OUT_OF_SERVICE before. An empty
 * assignment counts (the group settled and this consumer has no partition: more consumers than
 * partitions), so an idle extra instance is ready rather than stuck. Spring calls this listener after
 * the listener's own {@code ConsumerSeekAware.onPartitionsAssigned}, so the orchestrator's
 * conversation states of the assigned partitions are loaded by then.
 */
public class ListenerAssignments implements HealthIndicator {

  private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
  /** Per listener id, the consumers that have had an assignment. */
  private final Map<String, Set<Consumer<?, ?>>> assigned = new ConcurrentHashMap<>();

  public ListenerAssignments(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
    this.registry = registry;
  }

  /** A rebalance listener for the container {@code listenerId} that records its assignments, then or before the delegate's. */
  public ConsumerAwareRebalanceListener recording(String listenerId, ConsumerRebalanceListener delegate) {
    return new ConsumerAwareRebalanceListener() {
      @Override
      public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
          aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
        } else if (delegate != null) {
          delegate.onPartitionsRevoked(partitions);
        }
      }

      @Override
      public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
          aware.onPartitionsRevokedAfterCommit(consumer, partitions);
        }
      }

      @Override
      public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
          aware.onPartitionsLost(consumer, partitions);
        } else if (delegate != null) {
          delegate.onPartitionsLost(partitions);
        }
      }

      @Override
      public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (delegate instanceof ConsumerAwareRebalanceListener aware) {
          aware.onPartitionsAssigned(consumer, partitions);
        } else if (delegate != null) {
          delegate.onPartitionsAssigned(partitions);
        }
        assigned.computeIfAbsent(listenerId, id -> ConcurrentHashMap.newKeySet()).add(consumer);
      }
    };
  }

  @Override
  public Health health() {
    KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
    if (listeners == null) {
      return Health.up().build();
    }
    Map<String, String> details = new TreeMap<>();
    boolean ready = true;
    for (MessageListenerContainer container : listeners.getListenerContainers()) {
      if (!container.isAutoStartup() && !container.isRunning()) {
        continue;
      }
      int consumers = container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent
          ? concurrent.getConcurrency() : 1;
      int done = assigned.getOrDefault(container.getListenerId(), Set.of()).size();
      ready &= done >= consumers;
      details.put(container.getListenerId(), Math.min(done, consumers) + "/" + consumers + " consumers assigned");
    }
    return Health.status(ready ? Status.UP : Status.OUT_OF_SERVICE).withDetails(details).build();
  }
}
