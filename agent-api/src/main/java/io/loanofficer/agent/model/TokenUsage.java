package io.loanofficer.agent.model;

/** The tokens one model call cost, as the model counted them (gen_ai.usage.input_tokens / output_tokens). */
public record TokenUsage(long inputTokens, long outputTokens) {}
