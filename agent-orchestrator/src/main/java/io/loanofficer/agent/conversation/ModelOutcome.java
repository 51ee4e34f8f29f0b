package io.loanofficer.agent.conversation;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelReply;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.TokenUsage;

/**
 * One model call as it happened: which model, what was sent, what came back (or the kind of failure:
 * the exception's class name, never its message, which may quote the prompt), how long it took, the
 * tokens it cost (null when the model counts none or the call failed) and the model version that
 * served it (gen_ai.response.model; null when the model names none or the call failed).
 */
public record ModelOutcome(String model, ModelRequest request, ModelStep step, String failure, long durationMillis,
    TokenUsage usage, String responseModel) {

  public ModelOutcome(String model, ModelRequest request, ModelStep step, String failure, long durationMillis) {
    this(model, request, step, failure, durationMillis, null, null);
  }

  /** Calls the model and records the outcome; never throws. */
  public static ModelOutcome call(AgentModel model, ModelRequest request) {
    long start = System.nanoTime();
    try {
      ModelReply reply = model.reply(request);
      return new ModelOutcome(model.modelName(), request, reply.step(), null, (System.nanoTime() - start) / 1_000_000,
          reply.usage(), reply.responseModel());
    } catch (RuntimeException e) {
      return new ModelOutcome(model.modelName(), request, null, e.getClass().getSimpleName(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }
}
