package io.loanofficer.agent.conversation;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;

/**
 * One model call as it happened: which model, what was sent, what came back (or the kind of failure:
 * the exception's class name, never its message, which may quote the prompt), how long it took.
 */
public record ModelOutcome(String model, ModelRequest request, ModelStep step, String failure, long durationMillis) {

  /** Calls the model and records the outcome; never throws. */
  public static ModelOutcome call(AgentModel model, ModelRequest request) {
    long start = System.nanoTime();
    try {
      ModelStep step = model.next(request);
      return new ModelOutcome(model.modelName(), request, step, null, (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      return new ModelOutcome(model.modelName(), request, null, e.getClass().getSimpleName(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }
}
