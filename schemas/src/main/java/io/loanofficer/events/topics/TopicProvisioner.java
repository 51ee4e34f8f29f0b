package io.loanofficer.events.topics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the catalogue's topics that do not exist yet; existing topics are left as they are. */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /** The catalogue as topic definitions (also handed to Spring's KafkaAdmin where a service provisions). */
  public static List<NewTopic> newTopics(short replicationFactor) {
    return Arrays.stream(Topic.values())
        .map(topic -> {
          Map<String, String> configs = new HashMap<>(topic.configs());
          configs.put("min.insync.replicas", String.valueOf(minInSyncReplicas(replicationFactor)));
          return new NewTopic(topic.topicName(), topic.partitions(), replicationFactor).configs(configs);
        })
        .toList();
  }

  /**
   * Every write is acks=all; with three or more replicas one of them may be lost without losing an
   * acknowledged record (2 in sync), with fewer the cluster must still take writes (1).
   */
  static int minInSyncReplicas(short replicationFactor) {
    return replicationFactor >= 3 ? 2 : 1;
  }

  public static List<String> ensureTopics(Admin admin, short replicationFactor) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = newTopics(replicationFactor).stream()
          .filter(topic -> !existing.contains(topic.name()))
          .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create the catalogue's topics", e);
    }
  }
}
