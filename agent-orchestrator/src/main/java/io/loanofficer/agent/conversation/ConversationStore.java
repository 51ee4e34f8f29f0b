package io.loanofficer.agent.conversation;

import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The states of the conversations this instance owns, i.e. those whose partition of the
 * conversation-keyed topics is assigned to it. The durable copy is the compacted
 * agent.conversations topic; this is its in-memory view, loaded when partitions are assigned and
 * dropped when they are revoked. Only the listener thread that owns a conversation's partition
 * changes its state; other threads (the supervisor) only read.
 */
public class ConversationStore {

  private final Map<String, ConversationState> states = new ConcurrentHashMap<>();
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

  public ConversationState get(String conversationId) {
    return states.get(conversationId);
  }

  /** Keeps a state, unless its partition was revoked meanwhile (a late model answer, say): its new owner has it. */
  public void put(ConversationState state) {
    if (owned.contains(partitionOf(state.getConversationId()))) {
      states.put(state.getConversationId(), state);
    }
  }

  /** Puts back the state a rolled-back transaction had replaced (or removes a new one). */
  public void restore(String conversationId, ConversationState previous) {
    if (previous == null) {
      states.remove(conversationId);
    } else {
      states.put(conversationId, previous);
    }
  }

  /** Whether the states of this partition's conversations were loaded (and not revoked since). */
  public boolean owns(int partition) {
    return owned.contains(partition);
  }

  /** Conversations with a turn in progress (awaiting the model or tools). */
  public List<ConversationState> inProgress() {
    return states.values().stream()
        .filter(s -> s.getStatus() == ConversationStatus.AWAITING_TOOLS || s.getStatus() == ConversationStatus.AWAITING_MODEL)
        .toList();
  }

  /** Takes over newly assigned partitions with their conversations' restored states. */
  public void assigned(Collection<Integer> partitions, Collection<ConversationState> restored) {
    owned.addAll(partitions);
    restored.forEach(this::put);
  }

  /** Forgets the conversations of revoked partitions: their new owner carries them on. */
  public void revoked(Collection<Integer> partitions) {
    owned.removeAll(partitions);
    states.keySet().removeIf(id -> partitions.contains(partitionOf(id)));
  }

  public static int partitionOf(String conversationId) {
    return AuditKeys.partition(conversationId, Topic.CHAT_TURNS.partitions());
  }

  public int size() {
    return states.size();
  }
}
