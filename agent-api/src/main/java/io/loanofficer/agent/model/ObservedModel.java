package io.loanofficer.agent.model;

import io.loanofficer.observability.ObservedWork;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * A model whose every call is observed as {@code gen_ai.client.operation}, named and tagged after
 * OpenTelemetry's GenAI conventions ({@code chat <model>}, {@code gen_ai.operation.name},
 * {@code gen_ai.request.model}): a span in the turn's trace and a timer by model and outcome. The
 * model adds what only it knows (token usage) to the current observation.
 */
public final class ObservedModel implements AgentModel {

  public static final String OBSERVATION = "gen_ai.client.operation";

  private final AgentModel model;
  private final ObservationRegistry observations;

  public ObservedModel(AgentModel model, ObservationRegistry observations) {
    this.model = model;
    this.observations = observations;
  }

  @Override
  public ModelStep next(ModelRequest request) {
    return reply(request).step();
  }

  @Override
  public ModelReply reply(ModelRequest request) {
    Observation observation = Observation.createNotStarted(OBSERVATION, observations)
        .contextualName("chat " + model.modelName())
        .lowCardinalityKeyValue("gen_ai.operation.name", "chat")
        .lowCardinalityKeyValue("gen_ai.request.model", model.modelName())
        .highCardinalityKeyValue("gen_ai.conversation.id", request.conversationId());
    return ObservedWork.observe(observation, "outcome", () -> model.reply(request), reply ->
        reply.step() instanceof ModelStep.CallTools ? "tool_calls"
            : reply.step() instanceof ModelStep.Refusal ? "refusal" : "answer");
  }

  @Override
  public String modelName() {
    return model.modelName();
  }

  @Override
  public String instructions() {
    return model.instructions();
  }

  @Override
  public boolean answersInProcess() {
    return model.answersInProcess();
  }
}
