package io.loanofficer.audit;

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

  /**
   * Chain ids that start with this belong to gateway instances ({@code gateway-<instance>}), not to
   * conversations: no conversation may take such an id, or its records would overwrite a gateway's
   * under the same keys.
   */
  public static final String GATEWAY_CHAIN_PREFIX = "gateway-";

  /**
   * Chain ids that start with this are a loan officer's alert chains ({@code alerts-<officerId>},
   * ADR 0016): no conversation may take such an id either.
   */
  public static final String ALERT_CHAIN_PREFIX = "alerts-";

  private AuditKeys() {}

  /** The audit chain of one officer's alerts. */
  public static String alertChain(String officerId) {
    return ALERT_CHAIN_PREFIX + officerId;
  }

  public static boolean isAlertChain(String chainId) {
    return chainId.startsWith(ALERT_CHAIN_PREFIX);
  }

  /** A chain that is not a conversation's: a gateway's or an officer's alerts. */
  public static boolean isServiceChain(String chainId) {
    return isGatewayChain(chainId) || isAlertChain(chainId);
  }

  public static String key(String chainId, long seq) {
    return chainId + "/" + seq;
  }

  public static int partition(String chainId, int partitions) {
    return Utils.toPositive(Utils.murmur2(chainId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  public static boolean isGatewayChain(String chainId) {
    return chainId.startsWith(GATEWAY_CHAIN_PREFIX);
  }

  /** The chain id of a key, i.e. everything before the last slash. */
  public static String chainOf(String key) {
    int slash = key.lastIndexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("Not an audit key: " + key);
    }
    return key.substring(0, slash);
  }

  /** The seq of a key, i.e. the number after the last slash. */
  public static long seqOf(String key) {
    try {
      return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not an audit key: " + key, e);
    }
  }
}
