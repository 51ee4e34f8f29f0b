package io.loanofficer.agent.model;

/**
 * A model's step with what it cost and which model version served it.
 *
 * @param usage null when the model counts no tokens (the offline planner)
 * @param responseModel gen_ai.response.model, the version the provider says answered (e.g. a dated
 *     name for a requested alias); null when it names none (the offline planner)
 */
public record ModelReply(ModelStep step, TokenUsage usage, String responseModel) {}
