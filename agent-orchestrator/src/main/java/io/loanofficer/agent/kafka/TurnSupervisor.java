package io.loanofficer.agent.kafka;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.events.ActiveTurn;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.TurnDeadlineReached;
import io.loanofficer.observability.TraceIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps every turn of the owned conversations moving, without writing any: signals the owner
 * (agent.signals) when a turn is past its deadline, and asks the model again for conversations that
 * await it with no call running (after a restart or a rebalance, the call that was running died
 * with its instance). The listener applies the signals, so a conversation has one write path.
 */
@Component
public class TurnSupervisor {

  /** A deadline signal not applied within this time (its send failed, say) is sent again. */
  private static final Duration RESIGNAL_AFTER = Duration.ofSeconds(5);

  private final ConversationStore store;
  private final ModelCallDispatcher modelCalls;
  private final SignalPublisher signals;
  private final Clock clock;
  private final Duration turnDeadline;
  private final Map<String, Instant> deadlinesSignalled = new ConcurrentHashMap<>();
  private final TraceIds traceIds;

  public TurnSupervisor(ConversationStore store, ModelCallDispatcher modelCalls, SignalPublisher signals, Clock clock,
      AgentProperties properties, TraceIds traceIds) {
    this.traceIds = traceIds;
    this.store = store;
    this.modelCalls = modelCalls;
    this.signals = signals;
    this.clock = clock;
    this.turnDeadline = properties.turnDeadline();
  }

  @Scheduled(fixedDelayString = "${agent.supervision-interval:500ms}")
  public void supervise() {
    Instant now = clock.instant();
    deadlinesSignalled.values().removeIf(at -> at.isBefore(now.minus(RESIGNAL_AFTER)));
    modelCalls.forgetAnsweredBefore(now.minus(turnDeadline));
    for (ConversationState state : store.inProgress()) {
      ActiveTurn active = state.getActiveTurn();
      if (active == null) {
        continue;
      }
      if (!now.isBefore(active.getDeadlineAt())) {
        String key = state.getConversationId() + "/" + active.getTurnId();
        if (deadlinesSignalled.putIfAbsent(key, now) == null) {
          // in the turn's trace, so that its TIMEOUT reply is found there
          traceIds.inTrace(active.getTraceId(), "turn deadline", () -> signals.send(state.getConversationId(),
              TurnDeadlineReached.newBuilder()
                  .setEventId(UUID.randomUUID().toString())
                  .setConversationId(state.getConversationId())
                  .setTurnId(active.getTurnId())
                  .setDeadlineAt(active.getDeadlineAt())
                  .setDetectedAt(now)
                  .build()));
        }
      } else if (state.getStatus() == ConversationStatus.AWAITING_MODEL && !modelCalls.running(state)) {
        modelCalls.submit(state);
      }
    }
  }
}
