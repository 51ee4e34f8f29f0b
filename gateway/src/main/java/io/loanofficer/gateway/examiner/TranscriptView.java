package io.loanofficer.gateway.examiner;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

@Schema(description = "A conversation's turns and replies in order, with the tools each answer used")
public record TranscriptView(
    String conversationId,
    @Schema(description = "user id of the conversation's first turn") String owner,
    Instant firstAt,
    Instant lastAt,
    List<Turn> turns) {

  @Schema(description = "One question and its final reply (null while it is still being answered)")
  public record Turn(
      String turnId,
      String clientMessageId,
      @Schema(description = "user id of who asked") String askedBy,
      List<String> roles,
      String officerId,
      Instant askedAt,
      String question,
      String traceId,
      String gatewayInstance,
      Reply reply) {}

  public record Reply(
      @Schema(description = "ANSWER or ERROR") String kind,
      String text,
      @Schema(description = "protocol v1 error code for ERROR replies") String errorCode,
      Instant answeredAt,
      List<ToolCall> toolCalls) {}

  public record ToolCall(
      String callId,
      String tool,
      @Schema(description = "the arguments as sent to the tool") JsonNode arguments,
      @Schema(description = "ok, not_found, invalid_argument, forbidden, timeout, internal") String outcome,
      @Schema(description = "the tool's (masked) result") JsonNode result) {}
}
