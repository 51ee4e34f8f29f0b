package io.loanofficer.agent.model;

/** One tool call the model asks for; arguments as the model wrote them (a JSON object). */
public record ToolInvocation(String callId, String tool, String argumentsJson) {}
