package io.loanofficer.agent.kafka;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ModelAnswers;
import io.loanofficer.agent.conversation.ModelOutcome;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.events.ConversationState;
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
public class ModelCalls implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ModelCalls.class);

  private final ConversationEngine engine;
  private final SignalPublisher signals;
  private final Clock clock;
  private final ExecutorService pool;
  /** Calls running, and calls whose answer was sent (acknowledged) but may not be applied yet, by key. */
  private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Instant> answered = new ConcurrentHashMap<>();

  public ModelCalls(ConversationEngine engine, SignalPublisher signals, Clock clock, AgentProperties properties) {
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
    String conversationId = awaiting.getConversationId();
    String turnId = awaiting.getActiveTurn().getTurnId();
    int round = awaiting.getActiveTurn().getRound();
    String key = keyOf(awaiting);
    if (answered.containsKey(key) || inFlight.putIfAbsent(key, clock.instant()) != null) {
      return;
    }
    ModelRequest request = engine.modelRequest(awaiting);
    pool.execute(() -> {
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
