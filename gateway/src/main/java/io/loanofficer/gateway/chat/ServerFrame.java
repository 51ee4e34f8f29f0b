package io.loanofficer.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.SortedMap;

/**
 * The frames of protocol v1 (docs: /ws/chat in the architecture) that the gateway writes, as Jackson
 * writes them: {@code type} first (the type name below), then the fields in the order of each
 * {@link JsonPropertyOrder}, which is the protocol's order (clients and tests compare frames as
 * text). A field marked {@link JsonInclude.Include#NON_NULL} is left out when absent; every other
 * field is always written, as null when it has no value.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface ServerFrame {

  /**
   * @param redacted personal data removed from the question before it was published, counts by kind;
   *     only when something was (an addition to protocol v1 that clients may ignore)
   */
  @JsonTypeName("accepted")
  @JsonPropertyOrder({"clientMessageId", "conversationId", "turnId", "redacted"})
  record Accepted(String clientMessageId, String conversationId, String turnId,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Integer> redacted) implements ServerFrame {}

  /**
   * The protocol's {@code error} frame: about a frame ({@code clientMessageId}), a conversation (with
   * its {@code conversationId}) or a turn's final reply (with {@code turnId} too; {@code at} in a history).
   */
  @JsonTypeName("error")
  @JsonPropertyOrder({"clientMessageId", "code", "message", "conversationId", "turnId", "at"})
  record ErrorMessage(String clientMessageId, String code, String message,
      @JsonInclude(JsonInclude.Include.NON_NULL) String conversationId,
      @JsonInclude(JsonInclude.Include.NON_NULL) String turnId,
      @JsonInclude(JsonInclude.Include.NON_NULL) String at) implements ServerFrame {}

  /** @param status started, completed or failed */
  @JsonTypeName("progress")
  @JsonPropertyOrder({"conversationId", "turnId", "tool", "status"})
  record Progress(String conversationId, String turnId, String tool, String status) implements ServerFrame {}

  /** @param at when it was produced: only as an entry of a {@link History} */
  @JsonTypeName("assistant_message")
  @JsonPropertyOrder({"conversationId", "turnId", "text", "toolCalls", "traceId", "clientMessageId", "at"})
  record AssistantMessage(String conversationId, String turnId, String text, List<ToolCall> toolCalls,
      String traceId, String clientMessageId, @JsonInclude(JsonInclude.Include.NON_NULL) String at)
      implements ServerFrame {}

  /**
   * @param arguments the call's arguments as JSON, or as the text the model sent when it is not JSON
   * @param outcome the tool outcome in lower case
   * @param result the tool's result, when it has one
   */
  @JsonPropertyOrder({"tool", "arguments", "outcome", "result"})
  record ToolCall(String tool, Object arguments, String outcome,
      @JsonInclude(JsonInclude.Include.NON_NULL) Object result) {}

  /** A user's earlier question, as an entry of a {@link History}. */
  @JsonTypeName("user_message")
  @JsonPropertyOrder({"clientMessageId", "conversationId", "turnId", "text", "at"})
  record UserMessage(String clientMessageId, String conversationId, String turnId, String text, String at)
      implements ServerFrame {}

  /**
   * The answer to a resume: questions and final frames, oldest first.
   *
   * @param omitted how many earlier exchanges did not fit; only when some did not
   */
  @JsonTypeName("history")
  @JsonPropertyOrder({"conversationId", "omitted", "messages"})
  record History(String conversationId, @JsonInclude(JsonInclude.Include.NON_NULL) Integer omitted,
      List<ServerFrame> messages) implements ServerFrame {}

  @JsonTypeName("alert")
  @JsonPropertyOrder({"alertId", "rule", "borrowerId", "loanId", "text", "at", "traceId"})
  record Alert(String alertId, String rule, String borrowerId, String loanId, String text, String at, String traceId)
      implements ServerFrame {}

  /** The answer to list_alerts. */
  @JsonTypeName("alerts")
  record Alerts(List<Alert> alerts) implements ServerFrame {}

  /** The answer to subscribe_alerts: no field but its type. */
  @JsonTypeName("alerts_subscribed")
  record AlertsSubscribed() implements ServerFrame {}
}
