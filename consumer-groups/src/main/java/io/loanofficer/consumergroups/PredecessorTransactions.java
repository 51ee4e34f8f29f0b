package io.loanofficer.consumergroups;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Aborts, as soon as this instance starts, the transactions its crashed predecessor left open. An
 * instance with a name (a static member) has stable transactional ids, and a producer that initialises
 * one of them aborts that id's open transaction; but producers are made lazily, one per listener thread
 * when it first writes, so an id whose thread had nothing to write stayed open until the broker's
 * transaction timeout, and every read_committed reader of what it wrote waited behind it (a worker's
 * kill -9: 56.3 s in the 10-minute fault run of 15:00, 3.6 s when its thread wrote at once). At start,
 * this initialises as many transactional producers as the listeners have threads and returns them to
 * the factory's cache.
 */
public class PredecessorTransactions implements ApplicationListener<ApplicationStartedEvent> {

  private static final Logger log = LoggerFactory.getLogger(PredecessorTransactions.class);

  private final ObjectProvider<ProducerFactory<?, ?>> producers;
  private final GroupMembership membership;
  private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

  public PredecessorTransactions(ObjectProvider<ProducerFactory<?, ?>> producers, GroupMembership membership,
      ObjectProvider<KafkaListenerEndpointRegistry> registry) {
    this.producers = producers;
    this.membership = membership;
    this.registry = registry;
  }

  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    ProducerFactory<?, ?> factory = producers.getIfUnique();
    if (factory == null || !factory.transactionCapable() || !membership.isStatic()) {
      return; // no transactions, or random ids that no predecessor shares
    }
    int threads = listenerThreads();
    // off the main thread: a broker not reachable yet must not hold up the start
    Thread fencing = new Thread(() -> fence(factory, threads), "fence-predecessor-transactions");
    fencing.setDaemon(true);
    fencing.start();
  }

  /** Initialises {@code count} transactional producers (the ids a predecessor used), then returns them to the cache. */
  public static void fence(ProducerFactory<?, ?> factory, int count) {
    List<Producer<?, ?>> initialised = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        initialised.add(factory.createProducer());
      }
      log.info("Initialised {} transactional producers: whatever a predecessor left open under their ids is aborted",
          initialised.size());
    } catch (RuntimeException e) {
      // an optimisation only: the broker's transaction timeout still ends what is left open
      log.warn("Could not initialise the transactional producers at start ({}): a predecessor's open transactions "
          + "end at the broker's transaction timeout", e.getClass().getSimpleName());
    } finally {
      initialised.forEach(Producer::close);
    }
  }

  private int listenerThreads() {
    KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
    int threads = 0;
    if (listeners != null) {
      for (MessageListenerContainer container : listeners.getListenerContainers()) {
        threads += container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent ? concurrent.getConcurrency() : 1;
      }
    }
    return Math.max(threads, 1);
  }
}
