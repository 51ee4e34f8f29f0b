package io.loanofficer.infra.bench;

import io.loanofficer.infra.torture.ChatLoad.TurnResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bookkeeping of a closed-loop load over Kafka: each of N slots has one request in flight; when
 * its reply arrives the turn is recorded and the slot sends its next request at once. Requests are
 * named "slot:sequence", so that a late reply of an earlier run is told apart and ignored.
 */
final class ClosedLoop {

  /** Sends one request; called by {@link #start} and by the reply thread, so it must not block long. */
  interface Sender {
    void send(int slot, String requestId);
  }

  private record InFlight(int slot, long sentNanos) {}

  private final int slots;
  private final Sender sender;
  private final String run;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final List<TurnResult> turns = Collections.synchronizedList(new ArrayList<>());
  private final int[] sequence;
  private volatile boolean running;

  ClosedLoop(String run, int slots, Sender sender) {
    this.run = run;
    this.slots = slots;
    this.sender = sender;
    this.sequence = new int[slots];
  }

  void start() {
    running = true;
    for (int slot = 0; slot < slots; slot++) {
      next(slot);
    }
  }

  /** A reply arrived at {@code nanos}: recorded when it answers a request in flight, then the next request. */
  void arrived(String requestId, long nanos) {
    InFlight request = inFlight.remove(requestId);
    if (request == null) {
      return;
    }
    turns.add(new TurnResult(run + "-" + request.slot(), requestId, request.sentNanos(), nanos, "answer"));
    if (running) {
      next(request.slot());
    }
  }

  /** Stops sending; replies still arriving are recorded. */
  void stop() {
    running = false;
  }

  List<TurnResult> turns() {
    synchronized (turns) {
      return List.copyOf(turns);
    }
  }

  private void next(int slot) {
    String id = run + ":" + slot + ":" + sequence[slot]++;
    inFlight.put(id, new InFlight(slot, System.nanoTime()));
    sender.send(slot, id);
  }
}
