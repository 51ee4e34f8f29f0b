package io.loanofficer.agent.model;

/**
 * A model's step with what it cost.
 *
 * @param usage null when the model counts no tokens (the offline planner)
 */
public record ModelReply(ModelStep step, TokenUsage usage) {}
