package io.loanofficer.gateway.transcript;

import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One conversation as chat.turns and chat.replies hold it. The owner is the user of its first turn
 * (as for the orchestrator, which refuses turns of anyone else); turns of other users and replies
 * addressed to them are left out of {@link #exchanges()}.
 */
public record Conversation(String conversationId, List<ChatTurnSubmitted> turns, List<ChatReplyProduced> replies) {

  /** A turn of the owner and its final reply (null while it is still being answered). */
  public record Exchange(ChatTurnSubmitted turn, ChatReplyProduced reply) {}

  public boolean isEmpty() {
    return turns.isEmpty();
  }

  public Optional<String> owner() {
    return turns.stream().findFirst().map(turn -> turn.getActor().getUserId());
  }

  public boolean belongsTo(String userId) {
    return owner().map(userId::equals).orElse(false);
  }

  /** The owner's turns in the order chat.turns holds them, each with its reply. */
  public List<Exchange> exchanges() {
    String owner = owner().orElse(null);
    Map<String, ChatReplyProduced> byTurn = new LinkedHashMap<>();
    for (ChatReplyProduced reply : replies) {
      if (reply.getUserId().equals(owner)) {
        byTurn.putIfAbsent(reply.getTurnId(), reply);
      }
    }
    List<Exchange> exchanges = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (ChatTurnSubmitted turn : turns) {
      if (turn.getActor().getUserId().equals(owner) && seen.putIfAbsent(turn.getTurnId(), true) == null) {
        exchanges.add(new Exchange(turn, byTurn.get(turn.getTurnId())));
      }
    }
    return exchanges;
  }
}
