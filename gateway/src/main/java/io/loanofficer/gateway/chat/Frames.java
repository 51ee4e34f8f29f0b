package io.loanofficer.gateway.chat;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.gateway.transcript.Conversation.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Protocol v1 frames as JSON (server to client). */
public class Frames {

  private final ObjectMapper json;

  public Frames(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @param redacted personal data removed from the question before it was published, counts by kind;
   *     sent as {@code redacted} only when something was (an addition to protocol v1 that clients may
   *     ignore), so that the user learns their question went out without it
   */
  public String accepted(String clientMessageId, String conversationId, String turnId, Map<String, Integer> redacted) {
    Map<String, Object> frame = ordered("type", "accepted", "clientMessageId", clientMessageId,
        "conversationId", conversationId, "turnId", turnId);
    if (!redacted.isEmpty()) {
      frame.put("redacted", new TreeMap<>(redacted));
    }
    return write(frame);
  }

  public String error(String clientMessageId, ErrorCode code, String message) {
    return write(ordered("type", "error", "clientMessageId", clientMessageId, "code", code.name(), "message", message));
  }

  /** An error about a conversation (e.g. a refused resume). */
  public String error(String clientMessageId, String conversationId, ErrorCode code, String message) {
    Map<String, Object> frame = ordered("type", "error", "clientMessageId", clientMessageId, "code", code.name(),
        "message", message);
    frame.put("conversationId", conversationId);
    return write(frame);
  }

  public String progress(ChatProgress progress) {
    return write(ordered("type", "progress", "conversationId", progress.getConversationId(),
        "turnId", progress.getTurnId(), "tool", progress.getTool(),
        "status", progress.getStatus().name().toLowerCase(Locale.ROOT)));
  }

  /** An answer becomes assistant_message; an error reply becomes an error frame carrying the turnId. */
  public String reply(ChatReplyProduced reply) {
    return write(replyFrame(reply));
  }

  /**
   * The resume answer: the user's earlier turns of the conversation as {@code user_message} entries
   * (with turnId and time), each followed by its final frame as it was sent (with time), if any. Only
   * the newest exchanges that fit in {@code maxBytes} are sent (always the newest one), oldest first;
   * {@code omitted} then says how many earlier ones were left out. A long conversation's whole history
   * is megabytes, more than a socket may buffer ({@link ChatSessions}).
   */
  public String history(String conversationId, List<Exchange> exchanges, int maxBytes) {
    List<List<Map<String, Object>>> newestFirst = new ArrayList<>();
    int bytes = 0;
    for (int i = exchanges.size() - 1; i >= 0; i--) {
      List<Map<String, Object>> entries = entries(exchanges.get(i));
      int size = 0;
      for (Map<String, Object> entry : entries) {
        size += write(entry).getBytes(StandardCharsets.UTF_8).length + 1;
      }
      if (!newestFirst.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      newestFirst.add(entries);
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      messages.addAll(newestFirst.get(i));
    }
    Map<String, Object> frame = ordered("type", "history", "conversationId", conversationId);
    if (newestFirst.size() < exchanges.size()) {
      frame.put("omitted", exchanges.size() - newestFirst.size());
    }
    frame.put("messages", messages);
    return write(frame);
  }

  private List<Map<String, Object>> entries(Exchange exchange) {
    ChatTurnSubmitted turn = exchange.turn();
    Map<String, Object> asked = ordered("type", "user_message", "clientMessageId", turn.getClientMessageId(),
        "conversationId", turn.getConversationId(), "turnId", turn.getTurnId(), "text", turn.getText());
    asked.put("at", turn.getSubmittedAt().toString());
    if (exchange.reply() == null) {
      return List.of(asked);
    }
    Map<String, Object> answered = replyFrame(exchange.reply());
    answered.put("at", exchange.reply().getProducedAt().toString());
    return List.of(asked, answered);
  }

  /** A proactive alert (protocol v1): only for the borrower's officer and subscribed analysts. */
  public String alert(AlertRaised alert) {
    return write(alertFrame(alert));
  }

  /** The answer to list_alerts: alert frames, oldest first. */
  public String alerts(List<AlertRaised> alerts) {
    Map<String, Object> frame = ordered("type", "alerts");
    frame.put("alerts", alerts.stream().map(this::alertFrame).toList());
    return write(frame);
  }

  public String alertsSubscribed() {
    return write(ordered("type", "alerts_subscribed"));
  }

  private Map<String, Object> alertFrame(AlertRaised alert) {
    return ordered("type", "alert", "alertId", alert.getAlertId(), "rule", alert.getRule().name(),
        "borrowerId", alert.getBorrowerId(), "loanId", alert.getLoanId(), "text", alert.getText(),
        "at", alert.getRaisedAt().toString(), "traceId", alert.getTraceId());
  }

  private Map<String, Object> replyFrame(ChatReplyProduced reply) {
    if (reply.getKind() == ReplyKind.ERROR) {
      Map<String, Object> frame = ordered("type", "error", "clientMessageId", reply.getClientMessageId(),
          "code", reply.getErrorCode() == null ? ErrorCode.INTERNAL.name() : reply.getErrorCode(),
          "message", reply.getText());
      frame.put("conversationId", reply.getConversationId());
      frame.put("turnId", reply.getTurnId());
      return frame;
    }
    Map<String, Object> frame = ordered("type", "assistant_message", "conversationId", reply.getConversationId(),
        "turnId", reply.getTurnId(), "text", reply.getText());
    frame.put("toolCalls", reply.getToolCalls().stream().map(this::toolCall).toList());
    frame.put("traceId", reply.getTraceId());
    frame.put("clientMessageId", reply.getClientMessageId());
    return frame;
  }

  private Map<String, Object> toolCall(ToolCallSummary call) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("tool", call.getTool());
    entry.put("arguments", parse(call.getArgumentsJson()));
    entry.put("outcome", call.getOutcome().name().toLowerCase(Locale.ROOT));
    if (call.getResultJson() != null) {
      entry.put("result", parse(call.getResultJson()));
    }
    return entry;
  }

  private Object parse(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (JacksonException e) {
      return text;
    }
  }

  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private String write(Map<String, Object> frame) {
    return json.writeValueAsString(frame);
  }

  /** Reads a client frame; null when it is not a JSON object. */
  public JsonNode read(String payload) {
    try {
      JsonNode node = json.readTree(payload);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

}
