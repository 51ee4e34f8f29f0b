package io.loanofficer.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The gauge {@code kafka.consumer.group.lag{group,topic}}: records of a topic that a consumer group
 * has not committed yet (end offset, read_committed, minus the group's committed offset, summed over
 * the partitions the group has committed). Each service reports the groups of its own listener
 * containers and of its hand-written consumers ({@code observability.lag-groups}); read from the
 * broker every {@code observability.lag-interval} on a timer thread, never on a turn's path. On a topic
 * written in transactions, a partition read to its end still shows 1: the last commit marker takes an
 * offset that no consumer commits past (as Kafka's own consumer-groups tool shows it).
 */
public class ConsumerGroupLag implements SmartLifecycle {

  public static final String METER = "kafka.consumer.group.lag";

  private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLag.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private record Key(String group, String topic) {}

  private final Map<String, Object> adminConfig;
  private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
  private final List<String> extraGroups;
  private final Duration interval;
  private final MeterRegistry meters;
  private final Map<Key, AtomicLong> lags = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService timer;
  private volatile Admin admin;

  public ConsumerGroupLag(Map<String, Object> adminConfig, ObjectProvider<KafkaListenerEndpointRegistry> listeners,
      List<String> extraGroups, Duration interval, MeterRegistry meters) {
    this.adminConfig = adminConfig;
    this.listeners = listeners;
    this.extraGroups = extraGroups;
    this.interval = interval;
    this.meters = meters;
  }

  /** The groups whose lag this service reports. */
  Set<String> groups() {
    Set<String> groups = new TreeSet<>(extraGroups);
    KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
    if (registry != null) {
      for (MessageListenerContainer container : registry.getListenerContainers()) {
        if (container.getGroupId() != null) {
          groups.add(container.getGroupId());
        }
      }
    }
    return groups;
  }

  /** Reads every group's lag once and updates the gauges. */
  void measure() {
    for (String group : groups()) {
      try {
        measure(group);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
        log.debug("Lag of group {} not read: {}", group, e.getClass().getSimpleName());
      }
    }
  }

  private void measure(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    committed.forEach((partition, offset) -> {
      if (offset != null) {
        request.put(partition, OffsetSpec.latest());
      }
    });
    if (request.isEmpty()) {
      return;
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, Long> perTopic = new HashMap<>();
    ends.forEach((partition, end) -> perTopic.merge(partition.topic(),
        Math.max(0, end.offset() - committed.get(partition).offset()), Long::sum));
    perTopic.forEach((topic, lag) -> gauge(group, topic).set(lag));
  }

  private AtomicLong gauge(String group, String topic) {
    return lags.computeIfAbsent(new Key(group, topic), key -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(METER, value, AtomicLong::get)
          .description("Records of the topic the consumer group has not committed yet")
          .baseUnit("records")
          .tag("group", key.group())
          .tag("topic", key.topic())
          .register(meters);
      return value;
    });
  }

  @Override
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    admin = Admin.create(adminConfig);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "kafka-lag");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(this::measure, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    timer = executor;
  }

  @Override
  public synchronized void stop() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    timer = null;
    admin.close(Duration.ofSeconds(1));
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }
}
