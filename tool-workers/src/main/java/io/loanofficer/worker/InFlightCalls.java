package io.loanofficer.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The ledger of the calls a worker has taken from tool.calls and not answered yet, partition by
 * partition in offset order. The listener adds calls as it starts them and goes on polling; {@link
 * ResultSender} takes each partition's oldest calls that have ended, as many as have in a row, and
 * answers them in one transaction with the offset after the last (ADR 28). Only such a prefix is ever
 * answered, so every committed offset has its answers in that transaction or an earlier one, and a
 * call not answered yet is read again by whoever owns its partition next: one answer per call, while
 * the tool threads never wait for a poll's slowest call.
 *
 * <p>Answers wait up to {@code linger} for the calls still running, so that a chat load's results share
 * transactions as a poll's did; when nothing else runs they go at once.
 */
final class InFlightCalls {

  private final long lingerNanos;
  /** Guarded by this. */
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();
  /**
   * Revoked partitions whose last answer failed, and the offset of their first call not answered: if
   * one comes back to this consumer, it may resume after the calls dropped, so it is read from there.
   * Forgotten at the next assignment; exact for the one consumer a worker runs by default (with more,
   * one consumer's assignment may forget another's entry before that one is assigned).
   */
  private final Map<TopicPartition, Long> droppedWhileRevoked = new HashMap<>();
  private boolean stopped;

  InFlightCalls(Duration linger) {
    this.lingerNanos = linger.toNanos();
  }

  /** One partition of tool.calls that this worker owns. */
  private static final class Partition {
    final ArrayDeque<AcceptedCall> calls = new ArrayDeque<>();
    /** The group membership of the consumer that read the calls (their offsets commit under it). */
    ConsumerGroupMetadata group;
    /** The owning consumer's seeks. */
    Seeks seeks;
    /** The next offset to take; -1 until the first record. */
    long next = -1;
    /** After a failed answer, the partition was rewound to {@link #next}: later records are skipped until it comes. */
    boolean rewinding;
    /** Revoked: its ready calls are answered at once, and the revocation waits until none is left. */
    boolean settling;
  }

  /** How a partition is read again from an offset: the owning consumer's seek, done before its next poll (thread-safe). */
  @FunctionalInterface
  interface Seeks {
    void seek(TopicPartition partition, long offset);
  }

  /** The calls of one partition to answer together, and the offset to commit with them. */
  record Answerable(TopicPartition partition, ConsumerGroupMetadata group, List<AcceptedCall> calls) {
    OffsetAndMetadata nextOffset() {
      return new OffsetAndMetadata(calls.get(calls.size() - 1).offset() + 1);
    }
  }

  /** The consumer's seek callback for the partitions it was just given (their state starts afresh). */
  synchronized void assigned(Collection<TopicPartition> assigned, Seeks seeks) {
    for (TopicPartition partition : assigned) {
      Partition state = partitions.computeIfAbsent(partition, p -> new Partition());
      state.seeks = seeks;
      Long from = droppedWhileRevoked.get(partition);
      if (from != null) {
        state.next = from;
        state.rewinding = true;
        seeks.seek(partition, from);
      }
    }
    droppedWhileRevoked.clear();
  }

  /**
   * Whether the record at {@code offset} is new: not a call taken already (a batch the container
   * delivers again after an error), nor one read before the rewind of a failed answer took effect.
   */
  synchronized boolean isNew(TopicPartition partition, long offset) {
    Partition state = partitions.get(partition);
    if (state == null || state.next < 0) {
      return true;
    }
    if (state.rewinding) {
      return offset == state.next;
    }
    return offset >= state.next;
  }

  /** A call the listener has started (or will dead-letter), in the order of its partition's records. */
  synchronized void add(AcceptedCall call, ConsumerGroupMetadata group) {
    Partition state = partitions.computeIfAbsent(call.partition(), p -> new Partition());
    state.group = group;
    state.rewinding = false;
    state.next = call.offset() + 1;
    state.calls.addLast(call);
    notifyAll();
  }

  /** A call ended on a tool thread. */
  synchronized void callEnded() {
    notifyAll();
  }

  /**
   * Blocks until some calls can be answered, and takes them (they stay in the ledger until {@link
   * #answered}): each partition's ready prefix, once nothing else runs, a partition is settling, or
   * the oldest of them has waited {@code linger}. Null once stopped.
   */
  synchronized List<Answerable> awaitAnswerable() throws InterruptedException {
    while (!stopped) {
      long now = System.nanoTime();
      Scan scan = scan(now);
      if (scan.answerable() != null) {
        return scan.answerable();
      }
      if (scan.waitNanos() == Long.MAX_VALUE) {
        wait();
      } else if (scan.waitNanos() > 0) {
        wait(scan.waitNanos() / 1_000_000, (int) (scan.waitNanos() % 1_000_000));
      }
    }
    return null;
  }

  /** What {@link #awaitAnswerable} would take now, without waiting: null when it would wait. */
  synchronized List<Answerable> answerableNow() {
    return scan(System.nanoTime()).answerable();
  }

  /** Calls to answer now, or null and how long to wait before looking again (Long.MAX_VALUE: until told). */
  private record Scan(List<Answerable> answerable, long waitNanos) {}

  private Scan scan(long now) {
    List<Answerable> ready = new ArrayList<>();
    boolean running = false;
    boolean urgent = false;
    long oldestReady = Long.MAX_VALUE;
    long nextDeadline = Long.MAX_VALUE;
    for (Map.Entry<TopicPartition, Partition> entry : partitions.entrySet()) {
      Partition state = entry.getValue();
      List<AcceptedCall> prefix = new ArrayList<>();
      boolean inPrefix = true;
      for (AcceptedCall call : state.calls) {
        if (call.ready()) {
          if (call.readySince == 0) {
            call.readySince = now;
          }
          if (inPrefix) {
            prefix.add(call);
            oldestReady = Math.min(oldestReady, call.readySince);
          }
        } else {
          inPrefix = false;
          running = true;
          nextDeadline = Math.min(nextDeadline, call.readyBy());
        }
      }
      if (!prefix.isEmpty()) {
        ready.add(new Answerable(entry.getKey(), state.group, prefix));
        urgent |= state.settling;
      }
    }
    long lingered = now - oldestReady;
    if (!ready.isEmpty() && (!running || urgent || lingered >= lingerNanos)) {
      return new Scan(ready, 0);
    }
    long waitNanos = ready.isEmpty() ? Long.MAX_VALUE : lingerNanos - lingered;
    if (running) {
      waitNanos = Math.min(waitNanos, nextDeadline - now);
    }
    return new Scan(null, waitNanos);
  }

  /** The calls of {@code answerable} were answered and their offsets committed. */
  synchronized void answered(Answerable answerable) {
    Partition state = partitions.get(answerable.partition());
    if (state != null) {
      for (int i = 0; i < answerable.calls().size() && !state.calls.isEmpty(); i++) {
        state.calls.removeFirst();
      }
    }
    notifyAll();
  }

  /**
   * Answering {@code answerable} failed: nothing of its transaction counts. Every call of its partition
   * is dropped (the running ones end unanswered) and the consumer reads the partition again from the
   * first of them; a settling partition is let go, as its next owner reads it from its committed
   * offset (this consumer too, should it get it back: {@link #assigned}). Returns the dropped calls.
   */
  synchronized List<AcceptedCall> rewind(Answerable answerable) {
    Partition state = partitions.get(answerable.partition());
    if (state == null) {
      return List.of();
    }
    List<AcceptedCall> dropped = new ArrayList<>(state.calls);
    state.calls.clear();
    long from = answerable.calls().get(0).offset();
    if (state.settling) {
      partitions.remove(answerable.partition());
      droppedWhileRevoked.put(answerable.partition(), from);
    } else {
      state.next = from;
      state.rewinding = true;
      if (state.seeks != null) {
        state.seeks.seek(answerable.partition(), from);
      }
    }
    notifyAll();
    return dropped;
  }

  /**
   * The consumer gives up these partitions: blocks until each one's calls are answered (every call is
   * ready by its budget's end) or, if answering fails, dropped; then forgets them.
   */
  synchronized void settle(Collection<TopicPartition> revoked) throws InterruptedException {
    for (TopicPartition partition : revoked) {
      Partition state = partitions.get(partition);
      if (state != null) {
        state.settling = true;
      }
    }
    notifyAll();
    for (TopicPartition partition : revoked) {
      while (!stopped && partitions.get(partition) != null && !partitions.get(partition).calls.isEmpty()) {
        wait();
      }
      partitions.remove(partition);
    }
  }

  /** Calls taken and not answered yet. */
  synchronized int size() {
    int size = 0;
    for (Partition state : partitions.values()) {
      size += state.calls.size();
    }
    return size;
  }

  /** Wakes {@link #awaitAnswerable} and {@link #settle} for good; returns the calls left unanswered. */
  synchronized List<AcceptedCall> stop() {
    stopped = true;
    List<AcceptedCall> left = new ArrayList<>();
    for (Iterator<Partition> it = partitions.values().iterator(); it.hasNext(); ) {
      left.addAll(it.next().calls);
      it.remove();
    }
    notifyAll();
    return left;
  }
}
