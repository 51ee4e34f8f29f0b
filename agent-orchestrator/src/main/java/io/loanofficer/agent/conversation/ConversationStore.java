package io.loanofficer.agent.conversation;

import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The states of the conversations this instance carries. The durable copy is the compacted
 * agent.conversations topic; this is its in-memory view, restored from the topic at start.
 * Callers hold {@link #lockFor(String)} while they read, decide and write one conversation.
 */
public class ConversationStore {

  private final Map<String, ConversationState> states = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public ConversationState get(String conversationId) {
    return states.get(conversationId);
  }

  public void put(ConversationState state) {
    states.put(state.getConversationId(), state);
  }

  /** Puts back the state a rolled-back transaction had replaced (or removes a new one). */
  public void restore(String conversationId, ConversationState previous) {
    if (previous == null) {
      states.remove(conversationId);
    } else {
      states.put(conversationId, previous);
    }
  }

  public Object lockFor(String conversationId) {
    return locks.computeIfAbsent(conversationId, id -> new Object());
  }

  public List<ConversationState> awaitingTools() {
    return states.values().stream().filter(s -> s.getStatus() == ConversationStatus.AWAITING_TOOLS).toList();
  }

  public void restoreAll(Collection<ConversationState> restored) {
    restored.forEach(this::put);
  }

  public int size() {
    return states.size();
  }
}
