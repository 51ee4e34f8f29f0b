package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.limits.Limit;
import io.loanofficer.gateway.limits.LimitRecorder;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes sockets that have carried no frame, either way, for {@code idleTimeout} with close status
 * 4408 "idle timeout". Checks a few times per timeout (at most every 30 s).
 */
public class IdleSocketReaper implements AutoCloseable {

  private final ChatSessions sessions;
  private final LimitRecorder recorder;
  private final Duration idleTimeout;
  private final ScheduledFuture<?> task;

  public IdleSocketReaper(ChatSessions sessions, LimitRecorder recorder, Duration idleTimeout,
      ScheduledExecutorService timers) {
    this.sessions = sessions;
    this.recorder = recorder;
    this.idleTimeout = idleTimeout;
    long every = Math.max(100, Math.min(30_000, idleTimeout.toMillis() / 4));
    this.task = timers.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  void sweep() {
    for (ChatSessions.Socket socket : sessions.idleFor(idleTimeout)) {
      recorder.refused(Limit.IDLE_TIMEOUT, socket.identity().userId(), "socket idle for " + idleTimeout);
      sessions.close(socket.id(), ChatSessions.IDLE_TIMEOUT);
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
