package io.loanofficer.infra.invariants;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.infra.invariants.Violation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the topics after a run and checks the system's promises: every accepted turn has exactly one
 * final reply and no reply lacks a turn; every audit chain is gapless, unforked and verifies; the
 * SIEM feed has exactly one document per audit record; no valid record sits in the dead-letter
 * topic; each conversation's state names its chain's head. Records that do not decode (poison
 * injected on purpose) are counted, not judged.
 */
public final class InvariantChecker {

  /** Violations that may still resolve while the system drains (a turn in flight, the SIEM lagging). */
  private static final Set<Kind> TRANSIENT = Set.of(Kind.LOST_TURN, Kind.SIEM_MISSING, Kind.STATE_MISMATCH);

  private final String bootstrapServers;
  private final Duration readTimeout;
  private final EventSerde serde = new EventSerde();

  public InvariantChecker(String bootstrapServers, Duration readTimeout) {
    this.bootstrapServers = bootstrapServers;
    this.readTimeout = readTimeout;
  }

  /** What one check found. */
  public record Report(Map<String, Long> counts, List<Violation> violations) {

    public Map<Kind, Long> byKind() {
      Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        byKind.put(kind, 0L);
      }
      violations.forEach(v -> byKind.merge(v.kind(), 1L, Long::sum));
      return byKind;
    }

    public boolean holds() {
      return violations.isEmpty();
    }

    boolean onlyTransient() {
      return violations.stream().allMatch(v -> TRANSIENT.contains(v.kind()));
    }

    /** A table for people: what was read, then violations by kind, then the first few in detail. */
    public String toText() {
      StringBuilder text = new StringBuilder();
      counts.forEach((what, n) -> text.append(String.format("%-28s %8d%n", what, n)));
      text.append(String.format("%n%-28s %8s%n", "violation", "count"));
      byKind().forEach((kind, n) -> text.append(String.format("%-28s %8d%n", kind, n)));
      violations.stream().limit(20).forEach(v ->
          text.append("  ").append(v.kind()).append(' ').append(v.subject()).append(": ").append(v.detail()).append('\n'));
      text.append(holds() ? "invariants hold" : "invariants violated: " + violations.size()).append('\n');
      return text.toString();
    }
  }

  /**
   * Checks until only lasting violations remain or the system has had {@code settle} to drain (a turn
   * still running, the SIEM forwarder behind), whichever comes first.
   */
  public Report checkSettled(Duration settle) throws InterruptedException {
    long deadline = System.nanoTime() + settle.toNanos();
    Report report = check();
    while (!report.holds() && report.onlyTransient() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      report = check();
    }
    return report;
  }

  public Report check() {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<Violation> violations = new ArrayList<>();
    checkTurns(counts, violations);
    Map<String, AuditRecord> heads = checkAudit(counts, violations);
    checkState(heads, counts, violations);
    checkDeadLetters(counts, violations);
    return new Report(counts, violations);
  }

  private void checkTurns(Map<String, Long> counts, List<Violation> violations) {
    Map<String, String> turns = new LinkedHashMap<>();
    long undecodable = 0;
    for (ConsumerRecord<String, byte[]> record : read(Topic.CHAT_TURNS)) {
      SpecificRecord event = decodeOrNull(record.value());
      if (event == null) {
        undecodable++;
      } else if (event instanceof ChatTurnSubmitted turn) {
        turns.put(turn.getTurnId(), turn.getConversationId());
      }
    }
    Map<String, Integer> replies = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : read(Topic.CHAT_REPLIES)) {
      SpecificRecord event = decodeOrNull(record.value());
      if (event == null) {
        undecodable++;
      } else if (event instanceof ChatReplyProduced reply) {
        replies.merge(reply.getTurnId(), 1, Integer::sum);
      }
    }
    turns.forEach((turnId, conversationId) -> {
      int n = replies.getOrDefault(turnId, 0);
      if (n == 0) {
        violations.add(new Violation(Kind.LOST_TURN, conversationId + " " + turnId, "no final reply on chat.replies"));
      } else if (n > 1) {
        violations.add(new Violation(Kind.DUPLICATE_REPLY, conversationId + " " + turnId, n + " final replies"));
      }
    });
    replies.keySet().stream().filter(turnId -> !turns.containsKey(turnId)).forEach(turnId ->
        violations.add(new Violation(Kind.ORPHAN_REPLY, turnId, "a final reply for a turn chat.turns does not have")));
    counts.put("turns accepted", (long) turns.size());
    counts.put("final replies", replies.values().stream().mapToLong(Integer::longValue).sum());
    counts.put("undecodable (turns, replies)", undecodable);
  }

  /** Returns the head record of every chain that verifies, by chain id. */
  private Map<String, AuditRecord> checkAudit(Map<String, Long> counts, List<Violation> violations) {
    Map<String, List<byte[]>> valuesByKey = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : read(Topic.AUDIT_EVENTS)) {
      valuesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
    }
    Map<String, TreeMap<Long, AuditRecord>> chains = new TreeMap<>();
    valuesByKey.forEach((key, values) -> {
      List<byte[]> distinct = new ArrayList<>();
      for (byte[] value : values) {
        if (value != null && distinct.stream().noneMatch(d -> Arrays.equals(d, value))) {
          distinct.add(value);
        }
      }
      if (distinct.size() > 1) {
        violations.add(new Violation(Kind.FORK, key, distinct.size() + " different records under one key"));
      }
      byte[] newest = values.get(values.size() - 1);
      String chainId = AuditKeys.chainOf(key);
      long seq = Long.parseLong(key.substring(chainId.length() + 1));
      TreeMap<Long, AuditRecord> chain = chains.computeIfAbsent(chainId, c -> new TreeMap<>());
      chain.put(seq, newest == null ? null : serde.decode(newest, AuditRecord.class));
    });
    Map<String, AuditRecord> heads = new HashMap<>();
    chains.forEach((chainId, chain) -> {
      if (chain.firstKey() != 1 || chain.lastKey() != chain.size()) {
        violations.add(new Violation(Kind.GAP, chainId, "seqs " + chain.firstKey() + ".." + chain.lastKey()
            + " with " + chain.size() + " keys"));
        return;
      }
      if (chain.containsValue(null)) {
        return; // erased seqs (legal erasure): the replay reports them; nothing to verify across the gap
      }
      List<AuditRecord> records = new ArrayList<>(chain.values());
      ChainVerification.Result result = ChainVerification.verify(records);
      if (!result.verified()) {
        violations.add(new Violation(Kind.CHAIN_BROKEN, chainId, result.problem() + " at seq "
            + result.firstBrokenSeq() + ": " + result.detail()));
        return;
      }
      heads.put(chainId, chain.lastEntry().getValue());
    });
    Map<String, Integer> documents = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : read(Topic.AUDIT_SIEM)) {
      documents.merge(record.key(), 1, Integer::sum);
    }
    valuesByKey.forEach((key, values) -> {
      if (values.get(values.size() - 1) == null) {
        return;
      }
      int n = documents.getOrDefault(key, 0);
      if (n == 0) {
        violations.add(new Violation(Kind.SIEM_MISSING, key, "no document on audit.siem"));
      } else if (n > 1) {
        violations.add(new Violation(Kind.SIEM_DUPLICATE, key, n + " documents on audit.siem"));
      }
    });
    counts.put("audit chains", (long) chains.size());
    counts.put("audit records", valuesByKey.values().stream().mapToLong(List::size).sum());
    counts.put("SIEM documents", documents.values().stream().mapToLong(Integer::longValue).sum());
    return heads;
  }

  private void checkState(Map<String, AuditRecord> heads, Map<String, Long> counts, List<Violation> violations) {
    Map<String, ConversationState> states = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : read(Topic.AGENT_CONVERSATIONS)) {
      if (record.value() == null) {
        states.remove(record.key());
      } else {
        states.put(record.key(), serde.decode(record.value(), ConversationState.class));
      }
    }
    states.forEach((conversationId, state) -> {
      AuditRecord head = heads.get(conversationId);
      if (head == null) {
        return; // its chain is reported already (or erased in part)
      }
      if (state.getAuditSeq() != head.getSeq() || !state.getAuditHash().equals(head.getHash())) {
        violations.add(new Violation(Kind.STATE_MISMATCH, conversationId, "state names seq " + state.getAuditSeq()
            + ", the chain's head is seq " + head.getSeq()));
      }
    });
    counts.put("conversation states", (long) states.size());
  }

  private void checkDeadLetters(Map<String, Long> counts, List<Violation> violations) {
    List<ConsumerRecord<String, byte[]>> dead = read(Topic.TOOL_CALLS_DEAD_LETTER);
    dead.stream()
        .sorted(Comparator.comparingLong(ConsumerRecord::offset))
        .filter(record -> decodeOrNull(record.value()) instanceof ToolCallRequested)
        .forEach(record -> violations.add(new Violation(Kind.VALID_IN_DLT, record.key(),
            "a ToolCallRequested that decodes sits in " + Topic.TOOL_CALLS_DEAD_LETTER.topicName())));
    counts.put("dead letters", (long) dead.size());
  }

  /**
   * What the topics hold for a question the client sent: the turn it became (who accepted it, when),
   * its first final reply (kind and time; null while none) and how many final replies it has.
   */
  public record TurnTrace(String clientMessageId, String conversationId, String turnId, String gatewayInstance,
      Instant submittedAt, String finalKind, Instant finalAt, int finalReplies) {}

  /**
   * The turns on chat.turns with one of these clientMessageIds, each with its first final reply: which
   * of a client's unanswered questions were accepted after all, and answered. Ids are the client's,
   * unique only where the client made them so (the fault runs' load does).
   */
  public List<TurnTrace> trace(Collection<String> clientMessageIds) {
    Set<String> wanted = Set.copyOf(clientMessageIds);
    List<ChatTurnSubmitted> turns = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : read(Topic.CHAT_TURNS)) {
      if (decodeOrNull(record.value()) instanceof ChatTurnSubmitted turn && wanted.contains(turn.getClientMessageId())) {
        turns.add(turn);
      }
    }
    Set<String> turnIds = new HashSet<>();
    turns.forEach(turn -> turnIds.add(turn.getTurnId()));
    Map<String, ChatReplyProduced> replies = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : read(Topic.CHAT_REPLIES)) {
      if (decodeOrNull(record.value()) instanceof ChatReplyProduced reply && turnIds.contains(reply.getTurnId())) {
        replies.putIfAbsent(reply.getTurnId(), reply);
        counts.merge(reply.getTurnId(), 1, Integer::sum);
      }
    }
    return turns.stream().map(turn -> {
      ChatReplyProduced reply = replies.get(turn.getTurnId());
      return new TurnTrace(turn.getClientMessageId(), turn.getConversationId(), turn.getTurnId(),
          turn.getGatewayInstance(), turn.getSubmittedAt(), reply == null ? null : reply.getKind().name(),
          reply == null ? null : reply.getProducedAt(), counts.getOrDefault(turn.getTurnId(), 0));
    }).toList();
  }

  private List<ConsumerRecord<String, byte[]>> read(Topic topic) {
    return TopicDump.read(bootstrapServers, topic.topicName(), readTimeout);
  }

  private SpecificRecord decodeOrNull(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      return serde.decode(value);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
