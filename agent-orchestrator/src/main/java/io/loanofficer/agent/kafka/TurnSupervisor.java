package io.loanofficer.agent.kafka;

import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps every turn of the owned conversations moving: ends those past their deadline with TIMEOUT,
 * and asks the model again for those that await it with no call running (after a restart or a
 * rebalance, the call that was running died with its instance).
 */
@Component
public class TurnSupervisor {

  private final ConversationEngine engine;
  private final ConversationStore store;
  private final ConversationWriter writer;
  private final ModelCalls modelCalls;
  private final Clock clock;

  public TurnSupervisor(ConversationEngine engine, ConversationStore store, ConversationWriter writer,
      ModelCalls modelCalls, Clock clock) {
    this.engine = engine;
    this.store = store;
    this.writer = writer;
    this.modelCalls = modelCalls;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${agent.supervision-interval:500ms}")
  public void supervise() {
    for (ConversationState candidate : store.inProgress()) {
      String conversationId = candidate.getConversationId();
      synchronized (store.lockFor(conversationId)) {
        ConversationState current = store.get(conversationId);
        if (current == null || writer.uncommitted(conversationId)) {
          continue; // its listener's transaction is still open: the listener asks the model after the commit
        }
        ConversationEngine.Step timedOut = engine.onDeadline(current, clock.instant());
        if (!timedOut.outbound().isEmpty()) {
          writer.writeInOwnTransaction(conversationId, current, timedOut);
        } else if (current.getStatus() == ConversationStatus.AWAITING_MODEL && !modelCalls.running(current)) {
          modelCalls.submit(current);
        }
      }
    }
  }
}
