package io.loanofficer.events.topics;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.TurnDeadlineReached;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What each topic of the catalogue carries: key type, value type and serdes (docs/adr/0023). Every key
 * is a string; every Avro value is written and read through {@link io.loanofficer.events.serde.EventSerde}
 * (single-object encoding), and a topic's serde refuses an event of a type the topic does not carry.
 * Debezium's own topics (offsets and schema history of change capture) hold Debezium's formats and are
 * not declared here.
 */
public final class Topics {

  /** A user's turns (from the gateway) and the reveals the gateway decided, for the conversation's owner. */
  public static final EventTopic.OneOfTwo<ChatTurnSubmitted, PiiRevealed> CHAT_TURNS =
      new EventTopic.OneOfTwo<>(Topic.CHAT_TURNS, ChatTurnSubmitted.class, PiiRevealed.class);
  /** Keyed by callId. */
  public static final EventTopic<String, ToolCallRequested> TOOL_CALLS = EventTopic.of(Topic.TOOL_CALLS, ToolCallRequested.class);
  /** Tool calls that could not be processed, as the bytes that arrived (maybe no event at all). */
  public static final EventTopic<String, byte[]> TOOL_CALLS_DEAD_LETTER = new EventTopic<>(Topic.TOOL_CALLS_DEAD_LETTER,
      byte[].class, Serdes.String(), Serdes.ByteArray());
  public static final EventTopic<String, ToolCallCompleted> TOOL_RESULTS =
      EventTopic.of(Topic.TOOL_RESULTS, ToolCallCompleted.class);
  /** What the gateways push to sockets: final replies, tool progress and alerts (keyed by the officer's alert chain). */
  public static final EventTopic.OneOfThree<ChatReplyProduced, ChatProgress, AlertRaised> CHAT_REPLIES =
      new EventTopic.OneOfThree<>(Topic.CHAT_REPLIES, ChatReplyProduced.class, ChatProgress.class, AlertRaised.class);
  /** Model answers and turn deadlines, for the conversation's owner. */
  public static final EventTopic.OneOfTwo<ModelAnswered, TurnDeadlineReached> AGENT_SIGNALS =
      new EventTopic.OneOfTwo<>(Topic.AGENT_SIGNALS, ModelAnswered.class, TurnDeadlineReached.class);
  public static final EventTopic<String, ConversationState> AGENT_CONVERSATIONS =
      EventTopic.of(Topic.AGENT_CONVERSATIONS, ConversationState.class);
  /** Keyed conversationId/seq (or another chain's id/seq); the event itself is the record's payload. */
  public static final EventTopic<String, AuditRecord> AUDIT_EVENTS = EventTopic.of(Topic.AUDIT_EVENTS, AuditRecord.class);
  public static final EventTopic<String, AuditIndexEntry> AUDIT_INDEX = EventTopic.of(Topic.AUDIT_INDEX, AuditIndexEntry.class);
  /** ECS documents as JSON text (docs/adr/0008), keyed by eventId. */
  public static final EventTopic<String, String> AUDIT_SIEM = new EventTopic<>(Topic.AUDIT_SIEM, String.class,
      Serdes.String(), Serdes.String());
  public static final EventTopic<String, LendingChangeCaptured> LENDING_CHANGES =
      EventTopic.of(Topic.LENDING_CHANGES, LendingChangeCaptured.class);
  /** Keyed by the officer's alert chain. */
  public static final EventTopic<String, AlertRaised> LENDING_ALERTS = EventTopic.of(Topic.LENDING_ALERTS, AlertRaised.class);

  public static final List<EventTopic<?, ?>> ALL = List.of(CHAT_TURNS, TOOL_CALLS, TOOL_CALLS_DEAD_LETTER, TOOL_RESULTS,
      CHAT_REPLIES, AGENT_SIGNALS, AGENT_CONVERSATIONS, AUDIT_EVENTS, AUDIT_INDEX, AUDIT_SIEM, LENDING_CHANGES,
      LENDING_ALERTS);

  private Topics() {}

  /** The declared topic of this name in the current environment (prefix included), if any. */
  public static Optional<EventTopic<?, ?>> named(String name) {
    return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
  }
}
