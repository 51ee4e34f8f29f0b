package io.loanofficer.events.topics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The broker settings a one-node Kafka needs to carry this catalogue: internal topics (offsets,
 * transaction state, share state) with one replica, no auto-created topics (the catalogue creates
 * them), no wait before the first rebalance, sessions as short as 2 s. The local stack and every embedded test broker use these.
 */
public final class SingleNodeBroker {

  public static final Map<String, String> SETTINGS = Map.of(
      "auto.create.topics.enable", "false",
      "offsets.topic.replication.factor", "1",
      "transaction.state.log.replication.factor", "1",
      "transaction.state.log.min.isr", "1",
      "share.coordinator.state.topic.replication.factor", "1",
      "share.coordinator.state.topic.min.isr", "1",
      "group.initial.rebalance.delay.ms", "0",
      // Kafka's default minimum is 6 s; the run command and the fault runs use 3 s sessions (ADR 0009)
      "group.min.session.timeout.ms", "2000");

  private SingleNodeBroker() {}

  /** {@link #SETTINGS} with some added or overridden (e.g. a faster log cleaner for a compaction test). */
  public static Map<String, String> settingsWith(Map<String, String> extra) {
    Map<String, String> all = new TreeMap<>(SETTINGS);
    all.putAll(extra);
    return all;
  }
}
