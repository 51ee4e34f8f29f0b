package io.loanofficer.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ProgressStatus;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

  private final EventSerde serde = new EventSerde();

  static ChatTurnSubmitted turn() {
    return ChatTurnSubmitted.newBuilder()
        .setEventId("e-1").setConversationId("conv-1").setTurnId("t-1").setClientMessageId("c-1")
        .setText("Is the collateral sufficient for loan L002?")
        .setActor(new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1"))
        .setGatewayInstance("gw-1").setTraceId(null)
        .setSubmittedAt(Instant.parse("2026-11-25T10:00:00Z"))
        .build();
  }

  @Test
  void roundTripsEachTypeThroughTheSameSerde() {
    ChatProgress progress = ChatProgress.newBuilder()
        .setEventId("e-2").setConversationId("conv-1").setTurnId("t-1").setUserId("officer-1")
        .setCallId("call-1").setTool("getLoanStatus").setStatus(ProgressStatus.STARTED)
        .setAt(Instant.parse("2026-11-25T10:00:01Z")).build();

    SpecificRecord decodedTurn = serde.deserialize("chat.turns", serde.serialize("chat.turns", turn()));
    SpecificRecord decodedProgress = serde.deserialize("chat.replies", serde.serialize("chat.replies", progress));

    assertThat(decodedTurn).isEqualTo(turn());
    assertThat(decodedProgress).isInstanceOf(ChatProgress.class).isEqualTo(progress);
  }

  @Test
  void payloadStartsWithTheSingleObjectMarkerAndTheSchemaFingerprint() {
    byte[] bytes = serde.encode(turn());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    // the turn uses no field added since v1, so v1 writes it (OldestWriterSchema)
    assertThat(EventTypes.hex(EventSerde.fingerprintOf(bytes))).isEqualTo("aaaae6dfefe12bdc");
  }

  @Test
  void unknownFingerprintIsATypedSerializationError() {
    byte[] bytes = serde.encode(turn());
    bytes[2] ^= 0x5A;

    assertThatThrownBy(() -> serde.decode(bytes))
        .isInstanceOf(UnknownSchemaException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("No known event schema has fingerprint");
  }

  @Test
  void foreignBytesAreASerializationErrorNotACrash() {
    assertThatThrownBy(() -> serde.decode("{\"json\":true}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no C3 01 marker");
  }

  @Test
  void truncatedPayloadIsASerializationError() {
    byte[] bytes = serde.encode(turn());
    byte[] truncated = java.util.Arrays.copyOf(bytes, 14);

    assertThatThrownBy(() -> serde.decode(truncated)).isInstanceOf(SerializationException.class);
  }

  @Test
  void typedDecodeRefusesAnotherType() {
    byte[] bytes = serde.encode(turn());

    assertThatThrownBy(() -> serde.decode(bytes, ChatProgress.class))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Expected ChatProgress");
  }
}
