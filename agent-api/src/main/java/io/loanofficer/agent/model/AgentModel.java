package io.loanofficer.agent.model;

/**
 * The agent's brain behind one interface: given the conversation so far and the tools the user may
 * call, decide the next step. Implemented by the offline planner (default, deterministic, no
 * network) and by the OpenAI adapter at the edge; the orchestrator core knows only this.
 */
public interface AgentModel {

  ModelStep next(ModelRequest request);

  /**
   * The next step with the tokens it cost and the model version that served it, for the audit trail.
   * A model that counts tokens or names its version overrides this (and its {@link #next} returns this
   * reply's step); the others cost none that anyone counts and have no version but their name.
   */
  default ModelReply reply(ModelRequest request) {
    return new ModelReply(next(request), null, null);
  }

  /** For the audit trail: gen_ai.request.model. */
  String modelName();

  /**
   * The instructions (system prompt) the model runs under, so that the output guard can refuse an
   * answer that quotes them; empty when the model has none.
   */
  default String instructions() {
    return "";
  }

  /**
   * True for a model that answers in process, in microseconds and with no I/O (the offline planner):
   * the conversation's owner asks it inside the transaction of the event that needs it. False (a
   * remote model): it is asked off the Kafka thread and its answer comes back as an event (ADR 0004).
   */
  default boolean answersInProcess() {
    return false;
  }
}
