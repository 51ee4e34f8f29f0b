package io.loanofficer.agent.conversation;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;

/** One model call as it happened: what was sent, what came back (or how it failed), how long it took. */
public record ModelOutcome(ModelRequest request, ModelStep step, RuntimeException failure, long durationMillis) {

  /** Calls the model and records the outcome; never throws. */
  public static ModelOutcome call(AgentModel model, ModelRequest request) {
    long start = System.nanoTime();
    try {
      ModelStep step = model.next(request);
      return new ModelOutcome(request, step, null, (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      return new ModelOutcome(request, null, e, (System.nanoTime() - start) / 1_000_000);
    }
  }
}
