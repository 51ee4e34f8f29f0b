package io.loanofficer.events.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.serde.UnknownSchemaException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private final EventSerde events = new EventSerde();

  private static ChatTurnSubmitted turn() {
    return ChatTurnSubmitted.newBuilder().setEventId("e-1").setConversationId("conv-1").setTurnId("t-1")
        .setClientMessageId("c-1").setText("Status of L001?")
        .setActor(new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1")).setGatewayInstance("gw-1")
        .setTraceId(null).setSubmittedAt(Instant.parse("2026-12-01T09:00:00Z")).build();
  }

  private static ChatProgress progress() {
    return ChatProgress.newBuilder().setEventId("e-2").setConversationId("conv-1").setTurnId("t-1")
        .setUserId("officer-1").setCallId("t-1/call-1").setTool("getLoanStatus").setStatus(ProgressStatus.STARTED)
        .setAt(Instant.parse("2026-12-01T09:00:01Z")).build();
  }

  @Test
  void everyTopicOfTheCatalogueIsDeclaredOnceButDebeziumsOwn() {
    Set<Topic> declared = EnumSet.noneOf(Topic.class);
    Topics.ALL.forEach(topic -> assertThat(declared.add(topic.topic())).as("%s declared twice", topic).isTrue());
    assertThat(EnumSet.complementOf(EnumSet.copyOf(declared)))
        .containsExactlyInAnyOrder(Topic.LENDING_CHANGES_OFFSETS, Topic.LENDING_CHANGES_SCHEMA_HISTORY);
  }

  @Test
  void aTopicsSerdeWritesTheBytesOfTheEventSerde() {
    byte[] written = Topics.CHAT_TURNS.valueSerde().serializer().serialize("chat.turns", turn());
    // the same single-object bytes, in the oldest schema that holds the turn (v1: docs/adr/0019)
    assertThat(written).isEqualTo(events.encode(turn()));
    assertThat(EventSerde.fingerprintOf(written)).isEqualTo(EventSerde.fingerprintOf(events.encode(turn())));
    assertThat(Topics.CHAT_TURNS.valueSerde().deserializer().deserialize("chat.turns", written)).isEqualTo(turn());
  }

  @Test
  void aTopicRefusesAnEventItDoesNotCarry() {
    byte[] progress = events.encode(progress());
    assertThatThrownBy(() -> Topics.TOOL_CALLS.valueSerde().deserializer().deserialize("tool.calls", progress))
        .isInstanceOf(SerializationException.class)
        .hasMessage("tool.calls carries ToolCallRequested, not ChatProgress");
    assertThatThrownBy(() -> Topics.CHAT_TURNS.valueSerde().deserializer().deserialize("chat.turns", progress))
        .isInstanceOf(SerializationException.class)
        .hasMessage("chat.turns carries ChatTurnSubmitted, PiiRevealed, not ChatProgress");
    assertThat(Topics.CHAT_REPLIES.valueSerde().deserializer().deserialize("chat.replies", progress))
        .isEqualTo(progress());
  }

  @Test
  void aUnionHandsEachEventToTheHandlerOfItsType() {
    assertThat(Topics.CHAT_REPLIES.<String>match(progress(), reply -> "reply", p -> "progress " + p.getTool(), alert -> "alert"))
        .isEqualTo("progress getLoanStatus");
    assertThat(Topics.CHAT_TURNS.<String>match(turn(), t -> "turn " + t.getTurnId(), reveal -> "reveal")).isEqualTo("turn t-1");
    assertThatThrownBy(() -> Topics.CHAT_TURNS.match(progress(), t -> "turn", reveal -> "reveal"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chat.turns does not carry ChatProgress");
  }

  @Test
  void aRecordsValueIsReadAsItsTopicsTypeOnlyFromThatTopic() {
    ConsumerRecord<String, SpecificRecord> turn = new ConsumerRecord<>("chat.turns", 0, 7L, "conv-1", turn());
    assertThat(Topics.CHAT_TURNS.isTopicOf(turn)).isTrue();
    assertThat(Topics.AGENT_SIGNALS.isTopicOf(turn)).isFalse();
    ConsumerRecord<String, SpecificRecord> alert = new ConsumerRecord<>("lending.alerts", 0, 7L, "alerts-officer-1", null);
    assertThat(Topics.LENDING_ALERTS.value(alert)).isNull();
    assertThatThrownBy(() -> Topics.TOOL_RESULTS.value(turn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A record of chat.turns, not of tool.results");
  }

  @Test
  void theConsumersDeserializerReadsEachTopicWithItsOwnSerde() {
    CatalogueValueDeserializer deserializer = new CatalogueValueDeserializer();
    byte[] progress = events.encode(progress());
    assertThat(deserializer.deserialize("chat.replies", progress)).isEqualTo(progress());
    assertThatThrownBy(() -> deserializer.deserialize("tool.results", progress))
        .isInstanceOf(SerializationException.class)
        .hasMessage("tool.results carries ToolCallCompleted, not ChatProgress");
    // a topic the catalogue does not declare: any event
    assertThat(deserializer.deserialize("test.events", progress)).isEqualTo(progress());
    assertThat(deserializer.deserialize("audit.siem", "{\"event\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("{\"event\":{}}");
    assertThat(deserializer.deserialize("chat.turns", null)).isNull();
    // a newer release's event stays an unknown schema, with the fingerprint in the message
    byte[] newer = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0};
    assertThatThrownBy(() -> deserializer.deserialize("chat.turns", newer))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("0807060504030201");
  }
}
