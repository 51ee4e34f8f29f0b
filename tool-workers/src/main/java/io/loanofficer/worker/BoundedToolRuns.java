package io.loanofficer.worker;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs tool calls on a fixed number of threads, each within its budget. A call that overruns its
 * budget is answered TIMEOUT at once, but its thread stays taken until the tool really ends (the JDBC
 * query timeout ends a slow query; an interrupt does not), so a pile of slow tools cannot grow the
 * threads or the database connections without bound. When every thread is taken, the caller (a
 * listener thread) waits for one: back-pressure on tool.calls, nothing dropped; if the call's budget
 * runs out first, it is answered TIMEOUT without having started. The tool runs in the caller's
 * observation (the tool call's span), so its queries are that span's children.
 */
public final class BoundedToolRuns implements AutoCloseable {

  private final ToolRunner runner;
  private final int threads;
  private final Semaphore free;
  private final ThreadPoolExecutor pool;
  private final ObservationRegistry observations;
  /** Told after every call's end, once its result can be taken without waiting ({@link Running#ready}). */
  private volatile Runnable whenACallEnds = () -> { };

  public BoundedToolRuns(ToolRunner runner, int threads) {
    this(runner, threads, ObservationRegistry.NOOP);
  }

  public BoundedToolRuns(ToolRunner runner, int threads, ObservationRegistry observations) {
    this.observations = observations;
    if (threads < 1) {
      throw new IllegalArgumentException("worker.tool-threads must be at least 1, got " + threads);
    }
    this.runner = runner;
    this.threads = threads;
    this.free = new Semaphore(threads, true);
    AtomicInteger count = new AtomicInteger();
    // never more tasks than threads (the semaphore), so the queue only bridges a thread's last instant
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread thread = new Thread(r, "tool-run-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The call's result, or TIMEOUT when it did not start or did not finish within {@code budget}. */
  public ToolResult run(String tool, String argumentsJson, Caller caller, String conversationId, Duration budget)
      throws InterruptedException {
    return start(tool, argumentsJson, caller, conversationId, budget).await();
  }

  /**
   * Starts the call on a free thread (waiting for one at most {@code budget}) and returns at once, so
   * that a poll's calls run side by side and its transaction waits for the slowest, not for their sum.
   */
  public Running start(String tool, String argumentsJson, Caller caller, String conversationId, Duration budget)
      throws InterruptedException {
    long startedAt = System.nanoTime();
    long deadline = startedAt + budget.toNanos();
    if (!free.tryAcquire(budget.toNanos(), TimeUnit.NANOSECONDS)) {
      return new Running(tool, budget, deadline, startedAt, null, ToolResult.failed(tool, "?", ToolOutcome.TIMEOUT,
          "all " + threads + " tool threads stayed busy for " + budget.toMillis() + " ms; the tool did not start"),
          System.nanoTime());
    }
    // whoever claims the call first frees its thread: the task when it runs, the timeout when it never will
    AtomicBoolean claimed = new AtomicBoolean();
    Observation call = observations.getCurrentObservation();
    Running running = new Running(tool, budget, deadline, startedAt, claimed, null, Running.NOT_ENDED);
    FutureTask<ToolResult> task = new FutureTask<>(() -> {
      if (!claimed.compareAndSet(false, true)) {
        return null;
      }
      Observation.Scope scope = call == null ? null : call.openScope();
      try {
        return runner.run(tool, argumentsJson, caller, conversationId);
      } finally {
        running.ended();
        if (scope != null) {
          scope.close();
        }
        free.release();
      }
    }) {
      @Override
      protected void done() {
        // after the result is set: whoever is told can take it at once
        whenACallEnds.run();
      }
    };
    // set before the task can run, so that a call ending at once is already visible as done
    running.future = task;
    pool.execute(task);
    return running;
  }

  /**
   * {@code listener} is told after each call ends (not when a call's budget runs out: {@link Running#deadline}
   * says when that is), on the thread that ran it; it must be quick.
   */
  public void whenACallEnds(Runnable listener) {
    this.whenACallEnds = listener;
  }

  /** A call that will not run (e.g. its turn's deadline has passed): {@link Running#await} gives {@code result}. */
  public Running notStarted(ToolResult result) {
    long now = System.nanoTime();
    return new Running(result.tool(), Duration.ZERO, now, now, null, result, now);
  }

  /** A started call: {@link #await} gives its result, or TIMEOUT once its budget has run out. */
  public final class Running {
    private static final long NOT_ENDED = Long.MIN_VALUE;

    private final String tool;
    private final Duration budget;
    private final long deadline;
    private final long startedAt;
    private final AtomicBoolean claimed;
    private volatile Future<ToolResult> future;
    /**
     * Set once, by the first end: the timeout's, or the tool's when it ended before the timeout was taken.
     * The later one (a timed-out tool that ends after all, or a timeout taken just after the tool ended but
     * before its result was handed over) does not move it.
     */
    private final AtomicLong endedAt;
    private final ToolResult notStarted;

    private Running(String tool, Duration budget, long deadline, long startedAt, AtomicBoolean claimed,
        ToolResult notStarted, long endedAt) {
      this.tool = tool;
      this.budget = budget;
      this.deadline = deadline;
      this.startedAt = startedAt;
      this.claimed = claimed;
      this.notStarted = notStarted;
      this.endedAt = new AtomicLong(endedAt);
    }

    private void ended() {
      endedAt.compareAndSet(NOT_ENDED, System.nanoTime());
    }

    /** Whether {@link #await} returns at once: the call ended, did not start, or its budget has run out. */
    public boolean ready() {
      return notStarted != null || future.isDone() || System.nanoTime() - deadline >= 0;
    }

    /** When the budget runs out, in {@link System#nanoTime} time: the call is {@link #ready} by then. */
    public long deadline() {
      return deadline;
    }

    public ToolResult await() throws InterruptedException {
      if (notStarted != null) {
        return notStarted;
      }
      try {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        ended(); // before the cancel: its interrupt may end the tool at once
        if (claimed.compareAndSet(false, true)) {
          free.release();
        }
        future.cancel(true);
        return ToolResult.failed(tool, "?", ToolOutcome.TIMEOUT, "the tool did not finish within " + budget.toMillis() + " ms");
      } catch (ExecutionException e) {
        // ToolRunner turns every failure into a result; this is a defect, not a tool error.
        throw new IllegalStateException("tool runner failed", e.getCause());
      }
    }

    /** From the start to the tool's end (or its timeout): the call's own time, not the wait for the poll's others. */
    public long micros() {
      long ended = endedAt.get();
      return ((ended == NOT_ENDED ? System.nanoTime() : ended) - startedAt) / 1_000;
    }
  }

  /** Threads not taken by a call (a call that timed out keeps its thread until it really ends). */
  public int freeThreads() {
    return free.availablePermits();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
