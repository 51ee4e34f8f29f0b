package io.loanofficer.events.topics;

import java.time.Duration;
import java.util.Map;

/**
 * The topic catalogue: every topic of the system with its partitions and configs, in one place.
 * Topics that are joined by key (chat.turns, tool.results, agent.signals, audit.events) share a partition count so
 * that one orchestrator instance owns a conversation on all of them.
 */
public enum Topic {
  CHAT_TURNS("chat.turns", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(7))),
  TOOL_CALLS("tool.calls", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(7))),
  TOOL_CALLS_DEAD_LETTER("tool.calls.dlt", 1, deleteAfter(Duration.ofDays(30))),
  TOOL_RESULTS("tool.results", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(7))),
  CHAT_REPLIES("chat.replies", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(1))),
  // Model answers and turn deadlines, for the conversation's owner to apply in its listener
  // transaction (the one write path of a conversation); consumed within seconds, so kept briefly.
  AGENT_SIGNALS("agent.signals", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(1))),
  AGENT_CONVERSATIONS("agent.conversations", Partitions.CONVERSATION, Map.of(
      "cleanup.policy", "compact",
      "retention.ms", "-1")),
  // Compacted with unique keys (conversationId/seq): nothing is compacted away, a tombstone on one
  // key is the only way to remove one record; kept forever.
  AUDIT_EVENTS("audit.events", Partitions.CONVERSATION, Map.of(
      "cleanup.policy", "compact",
      "retention.ms", "-1")),
  // Where each chain's records lie in audit.events (AuditIndexEntry per chain id): one entry per
  // chain after compaction, rewritten as the chain grows. Same partitions as audit.events (a chain's
  // entry sits on its records' partition number); small segments so that the cleaner can compact.
  AUDIT_INDEX("audit.index", Partitions.CONVERSATION, Map.of(
      "cleanup.policy", "compact",
      "retention.ms", "-1",
      "segment.ms", Long.toString(Duration.ofHours(1).toMillis()),
      "min.cleanable.dirty.ratio", "0.2")),
  AUDIT_SIEM("audit.siem", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(30))),
  // LendingChangeCaptured, keyed table/primaryKey (ADR 0011)
  LENDING_CHANGES("lending.changes", 3, Map.of("cleanup.policy", "compact")),
  // AlertRaised, keyed by the officer's alert chain (alerts-<officerId>): raised by the tool workers'
  // rules, recorded by the orchestrator that owns the chain, so partitioned like the conversations (ADR 0016)
  LENDING_ALERTS("lending.alerts", Partitions.CONVERSATION, deleteAfter(Duration.ofDays(7))),
  // change-capture's Debezium source offsets (KafkaOffsetBackingStore requires a compacted topic)
  LENDING_CHANGES_OFFSETS("lending.changes.offsets", 1, Map.of(
      "cleanup.policy", "compact",
      "retention.ms", "-1")),
  // change-capture's schema history for SQL Server (Debezium's KafkaSchemaHistory, ADR 0020): every
  // DDL the connector has seen, replayed in order at start, so one partition, never compacted nor expired
  LENDING_CHANGES_SCHEMA_HISTORY("lending.changes.schema-history", 1, Map.of(
      "cleanup.policy", "delete",
      "retention.ms", "-1",
      "retention.bytes", "-1"));

  private final String baseName;
  private final int partitions;
  private final Map<String, String> configs;

  Topic(String baseName, int partitions, Map<String, String> configs) {
    this.baseName = baseName;
    this.partitions = partitions;
    this.configs = configs;
  }

  /** The topic name in the current environment: an optional prefix (TOPIC_PREFIX) then the base name. */
  public String topicName() {
    return TopicPrefix.current() + baseName;
  }

  public String baseName() {
    return baseName;
  }

  public int partitions() {
    return partitions;
  }

  public Map<String, String> configs() {
    return configs;
  }

  private static Map<String, String> deleteAfter(Duration retention) {
    return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
  }

  /** Partition count shared by every topic keyed by conversation. */
  public static final class Partitions {
    public static final int CONVERSATION = 6;

    private Partitions() {}
  }
}
