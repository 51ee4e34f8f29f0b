package io.loanofficer.gateway.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Protocol v1 promises {@code accepted} before a turn's progress and reply frames. The accepted frame
 * is written when Kafka acknowledges the turn (a producer callback), the reply comes from the reply
 * listener: nothing orders the two threads, so frames of a turn whose accepted frame is not written
 * yet wait here and follow it. Turns this instance did not accept pass straight through.
 */
public class AcceptanceGate {

  private static final class Turn {
    private final List<Runnable> held = new ArrayList<>();
    private boolean accepted;
  }

  private final Map<String, Turn> pending = new ConcurrentHashMap<>();

  /** Before publishing: the turn's frames wait until {@link #accepted} or {@link #abandoned}. */
  public void expect(String turnId) {
    pending.put(turnId, new Turn());
  }

  /** Sends now, or after the turn's accepted frame. */
  public void afterAccepted(String turnId, Runnable send) {
    Turn turn = turnId == null ? null : pending.get(turnId);
    if (turn == null) {
      send.run();
      return;
    }
    synchronized (turn) {
      if (!turn.accepted) {
        turn.held.add(send);
        return;
      }
    }
    send.run();
  }

  /** The accepted frame is written: the held frames follow it, in their order. */
  public void accepted(String turnId) {
    Turn turn = pending.get(turnId);
    if (turn == null) {
      return;
    }
    synchronized (turn) {
      turn.accepted = true;
      turn.held.forEach(Runnable::run);
      turn.held.clear();
    }
    pending.remove(turnId);
  }

  /** The turn was never published: nothing of it will come, nothing is held. */
  public void abandoned(String turnId) {
    pending.remove(turnId);
  }

  int pendingTurns() {
    return pending.size();
  }
}
