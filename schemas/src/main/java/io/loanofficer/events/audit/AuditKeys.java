package io.loanofficer.events.audit;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Keys and partitions of audit.events. The key is unique per record (conversationId/seq) so that
 * compaction never removes one; the partition is chosen from the conversationId alone, exactly as
 * Kafka's default partitioner places the conversation's other events, so a chain stays in order in
 * one partition.
 */
public final class AuditKeys {

  public static final String GENESIS_HASH = "0".repeat(64);

  private AuditKeys() {}

  public static String key(String chainId, long seq) {
    return chainId + "/" + seq;
  }

  public static int partition(String chainId, int partitions) {
    return Utils.toPositive(Utils.murmur2(chainId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** The chain id of a key, i.e. everything before the last slash. */
  public static String chainOf(String key) {
    int slash = key.lastIndexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("Not an audit key: " + key);
    }
    return key.substring(0, slash);
  }
}
