package io.loanofficer.agent.kafka;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ModelAnswers;
import io.loanofficer.agent.conversation.ModelOutcome;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.events.ConversationState;
import io.loanofficer.observability.TraceIds;
import io.micrometer.observation.Observation;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Model calls run off the Kafka thread, on a pool of their own, so that a slow model answer for one
 * conversation never stalls the others. The answer is not applied here: it is sent to agent.signals
 * as a {@code ModelAnswered} event, and whichever instance owns the conversation's partition when it
 * arrives applies it in its listener transaction. An instance that lost the partition meanwhile
 * therefore never writes the conversation (its transactional producer is not even involved).
 */
@Component
public class ModelCallDispatcher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ModelCallDispatcher.class);

  private final ConversationEngine engine;
  private final SignalPublisher signals;
  private final Clock clock;
  private final ExecutorService pool;
  private final TraceIds traceIds;
  /** Calls running, and calls whose answer was sent (acknowledged) but may not be applied yet, by key. */
  private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Instant> answered = new ConcurrentHashMap<>();

  public ModelCallDispatcher(ConversationEngine engine, SignalPublisher signals, Clock clock, AgentProperties properties,
      TraceIds traceIds) {
    this.traceIds = traceIds;
    this.engine = engine;
    this.signals = signals;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(properties.modelConcurrency(), properties.modelConcurrency(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread thread = new Thread(r, "model-call-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Asks the model for a conversation that awaits it, unless that call is running or was answered. */
  public void submit(ConversationState awaiting) {
    submit(awaiting, null);
  }

  /**
   * As {@link #submit(ConversationState)}, in the trace of {@code cause} (the observation of the record
   * that made the conversation await the model; null: none): the model's span and the answer's record
   * are its children. Without one (the supervisor asks again after a restart), the call joins the
   * turn's trace by its id.
   */
  public void submit(ConversationState awaiting, Observation cause) {
    String conversationId = awaiting.getConversationId();
    String turnId = awaiting.getActiveTurn().getTurnId();
    int round = awaiting.getActiveTurn().getRound();
    String key = keyOf(awaiting);
    if (answered.containsKey(key) || inFlight.putIfAbsent(key, clock.instant()) != null) {
      return;
    }
    ModelRequest request = engine.modelRequest(awaiting);
    String traceId = awaiting.getActiveTurn().getTraceId();
    pool.execute(() -> {
      if (cause == null) {
        traceIds.inTrace(traceId, "model call again", () -> call(key, conversationId, turnId, round, request));
        return;
      }
      try (Observation.Scope scope = cause.openScope()) {
        call(key, conversationId, turnId, round, request);
      }
    });
  }

  private void call(String key, String conversationId, String turnId, int round, ModelRequest request) {
    ModelOutcome outcome = ModelOutcome.call(engine.model(), request);
    signals.send(conversationId, ModelAnswers.event(conversationId, turnId, round, outcome, clock.instant()))
        .whenComplete((sent, failure) -> {
          if (failure == null) {
            answered.put(key, clock.instant());
          } else {
            // nothing was applied: the supervisor asks the model again
            log.error("Could not send the model answer for turn {} round {}: {}", turnId, round,
                failure.getClass().getSimpleName());
          }
          inFlight.remove(key);
        });
  }

  /** True while the call for the state's awaited round runs, or its answer is on its way to the owner. */
  public boolean running(ConversationState state) {
    String key = keyOf(state);
    return inFlight.containsKey(key) || answered.containsKey(key);
  }

  /** Forgets answers sent before the given instant: by then the owner has applied or dropped them. */
  public void forgetAnsweredBefore(Instant instant) {
    answered.values().removeIf(at -> at.isBefore(instant));
  }

  public int inFlight() {
    return inFlight.size();
  }

  private static String keyOf(ConversationState state) {
    return state.getConversationId() + "/" + state.getActiveTurn().getTurnId() + "/" + state.getActiveTurn().getRound();
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
