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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Protocol v1 frames as JSON (server to client): {@link ServerFrame}s written by Jackson. */
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
    return write(new ServerFrame.Accepted(clientMessageId, conversationId, turnId, new TreeMap<>(redacted)));
  }

  public String error(String clientMessageId, ErrorCode code, String message) {
    return write(new ServerFrame.ErrorMessage(clientMessageId, code.name(), message, null, null, null));
  }

  /** An error about a conversation (e.g. a refused resume). */
  public String error(String clientMessageId, String conversationId, ErrorCode code, String message) {
    return write(new ServerFrame.ErrorMessage(clientMessageId, code.name(), message, conversationId, null, null));
  }

  public String progress(ChatProgress progress) {
    return write(new ServerFrame.Progress(progress.getConversationId(), progress.getTurnId(), progress.getTool(),
        progress.getStatus().name().toLowerCase(Locale.ROOT)));
  }

  /** An answer becomes assistant_message; an error reply becomes an error frame carrying the turnId. */
  public String reply(ChatReplyProduced reply) {
    return write(replyFrame(reply, null));
  }

  /**
   * The resume answer: the user's earlier turns of the conversation as {@code user_message} entries
   * (with turnId and time), each followed by its final frame as it was sent (with time), if any. Only
   * the newest exchanges that fit in {@code maxBytes} are sent (always the newest one), oldest first;
   * {@code omitted} then says how many earlier ones were left out. A long conversation's whole history
   * is megabytes, more than a socket may buffer ({@link ChatSessions}).
   */
  public String history(String conversationId, List<Exchange> exchanges, int maxBytes) {
    List<List<ServerFrame>> newestFirst = new ArrayList<>();
    int bytes = 0;
    for (int i = exchanges.size() - 1; i >= 0; i--) {
      List<ServerFrame> entries = entries(exchanges.get(i));
      int size = 0;
      for (ServerFrame entry : entries) {
        size += write(entry).getBytes(StandardCharsets.UTF_8).length + 1;
      }
      if (!newestFirst.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      newestFirst.add(entries);
    }
    List<ServerFrame> messages = new ArrayList<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      messages.addAll(newestFirst.get(i));
    }
    Integer omitted = newestFirst.size() < exchanges.size() ? exchanges.size() - newestFirst.size() : null;
    return write(new ServerFrame.History(conversationId, omitted, messages));
  }

  private List<ServerFrame> entries(Exchange exchange) {
    ChatTurnSubmitted turn = exchange.turn();
    ServerFrame asked = new ServerFrame.UserMessage(turn.getClientMessageId(), turn.getConversationId(),
        turn.getTurnId(), turn.getText(), turn.getSubmittedAt().toString());
    if (exchange.reply() == null) {
      return List.of(asked);
    }
    return List.of(asked, replyFrame(exchange.reply(), exchange.reply().getProducedAt().toString()));
  }

  /** A proactive alert (protocol v1): only for the borrower's officer and subscribed analysts. */
  public String alert(AlertRaised alert) {
    return write(alertFrame(alert));
  }

  /** The answer to list_alerts: alert frames, oldest first. */
  public String alerts(List<AlertRaised> alerts) {
    return write(new ServerFrame.Alerts(alerts.stream().map(Frames::alertFrame).toList()));
  }

  public String alertsSubscribed() {
    return write(new ServerFrame.AlertsSubscribed());
  }

  private static ServerFrame.Alert alertFrame(AlertRaised alert) {
    return new ServerFrame.Alert(alert.getAlertId(), alert.getRule().name(), alert.getBorrowerId(), alert.getLoanId(),
        alert.getText(), alert.getRaisedAt().toString(), alert.getTraceId());
  }

  /** @param at when it was produced, for a history entry; null in a live frame */
  private ServerFrame replyFrame(ChatReplyProduced reply, String at) {
    if (reply.getKind() == ReplyKind.ERROR) {
      return new ServerFrame.ErrorMessage(reply.getClientMessageId(),
          reply.getErrorCode() == null ? ErrorCode.INTERNAL.name() : reply.getErrorCode(), reply.getText(),
          reply.getConversationId(), reply.getTurnId(), at);
    }
    return new ServerFrame.AssistantMessage(reply.getConversationId(), reply.getTurnId(), reply.getText(),
        reply.getToolCalls().stream().map(this::toolCall).toList(), reply.getTraceId(), reply.getClientMessageId(), at);
  }

  private ServerFrame.ToolCall toolCall(ToolCallSummary call) {
    return new ServerFrame.ToolCall(call.getTool(), parse(call.getArgumentsJson()),
        call.getOutcome().name().toLowerCase(Locale.ROOT),
        call.getResultJson() == null ? null : parse(call.getResultJson()));
  }

  private Object parse(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (JacksonException e) {
      return text;
    }
  }

  private String write(ServerFrame frame) {
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
