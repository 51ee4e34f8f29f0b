package io.loanofficer.agent.kafka;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.conversation.ModelOutcome;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.events.ConversationState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Model calls run off the Kafka thread, on a pool of their own, so that a slow model answer for one
 * conversation never stalls the others. Each answer is applied in its own transaction; answers for
 * a turn or round that is no longer awaited are dropped by the engine.
 */
@Component
public class ModelCalls implements DisposableBean {

  private final ConversationEngine engine;
  private final ConversationStore store;
  private final ConversationWriter writer;
  private final ExecutorService pool;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  public ModelCalls(ConversationEngine engine, ConversationStore store, ConversationWriter writer,
      AgentProperties properties) {
    this.engine = engine;
    this.store = store;
    this.writer = writer;
    AtomicInteger threads = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(properties.modelConcurrency(), properties.modelConcurrency(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread thread = new Thread(r, "model-call-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Asks the model for a conversation that awaits it, unless that call is already running. */
  public void submit(ConversationState awaiting) {
    String conversationId = awaiting.getConversationId();
    String turnId = awaiting.getActiveTurn().getTurnId();
    int round = awaiting.getActiveTurn().getRound();
    String key = conversationId + "/" + turnId + "/" + round;
    if (!inFlight.add(key)) {
      return;
    }
    ModelRequest request = engine.modelRequest(awaiting);
    pool.execute(() -> {
      try {
        ModelOutcome outcome = ModelOutcome.call(engine.model(), request);
        applyWhenCommitted(conversationId, turnId, round, outcome);
      } finally {
        inFlight.remove(key);
      }
    });
  }

  /**
   * Applies the answer once no listener transaction of the conversation is pending (a refused second
   * question, say): writing before it commits would put audit seqs out of order in the partition.
   */
  private void applyWhenCommitted(String conversationId, String turnId, int round, ModelOutcome outcome) {
    while (true) {
      synchronized (store.lockFor(conversationId)) {
        if (!writer.uncommitted(conversationId)) {
          ConversationState current = store.get(conversationId);
          ConversationEngine.Step next = engine.onModelStep(current, turnId, round, outcome);
          if (!next.outbound().isEmpty()) {
            writer.writeInOwnTransaction(conversationId, current, next);
          }
          return;
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public boolean running(ConversationState state) {
    return inFlight.contains(state.getConversationId() + "/" + state.getActiveTurn().getTurnId() + "/"
        + state.getActiveTurn().getRound());
  }

  public int inFlight() {
    return inFlight.size();
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
