package io.loanofficer.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.serde.EventTypes.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade runs this release beside the previous one, which knows only the schema versions
 * released before (the 10-minute fault run of 2026-12-01 forked two conversations when the previous
 * release could not read ConversationState v2). A value that needs no newer field must reach it in
 * a version it reads; the reader here knows nothing but that older version, as the previous release.
 */
class OldestWriterSchemaTest {

  private static final long CONVERSATION_STATE_V1 = 0x4936be7809a6aab1L;
  private static final long CONVERSATION_STATE_V2 = 0x78f086c8798cef8bL;

  private final EventSerde serde = new EventSerde();

  static ConversationState conversation(Map<String, String> alertPositions) {
    return ConversationState.newBuilder()
        .setConversationId("conv-1").setOwnerUserId("officer-1").setStatus(ConversationStatus.REPLIED)
        .setAuditSeq(7).setAuditHash("ab".repeat(32)).setActiveTurn(null).setTranscript(new ArrayList<>())
        .setUpdatedAt(Instant.parse("2026-12-01T10:00:00Z")).setAlertPositions(alertPositions).build();
  }

  @Test
  void aConversationWithoutAlertPositionsIsWrittenInVersion1AndThePreviousReleaseReadsIt() throws Exception {
    byte[] bytes = serde.encode(conversation(new HashMap<>()));

    assertThat(EventTypes.hex(EventSerde.fingerprintOf(bytes))).isEqualTo(EventTypes.hex(CONVERSATION_STATE_V1));
    GenericRecord readByPreviousRelease = previousReleaseReader(1).decode(bytes);
    assertThat(readByPreviousRelease.get("auditSeq")).isEqualTo(7L);
    assertThat(readByPreviousRelease.get("conversationId").toString()).isEqualTo("conv-1");
    assertThat(readByPreviousRelease.getSchema().getField("alertPositions")).isNull();
    // and this release reads it back whole
    assertThat(serde.decode(bytes)).isEqualTo(conversation(new HashMap<>()));
  }

  @Test
  void anAlertChainWithPositionsNeedsVersion2WhichOnlyANewerReaderDecodes() {
    ConversationState chain = conversation(new HashMap<>(Map.of("loans/L002", "0000002a")));

    byte[] bytes = serde.encode(chain);

    assertThat(EventTypes.hex(EventSerde.fingerprintOf(bytes))).isEqualTo(EventTypes.hex(CONVERSATION_STATE_V2));
    assertThat(serde.decode(bytes)).isEqualTo(chain);
    BinaryMessageDecoder<GenericRecord> previous = previousReleaseReader(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> previous.decode(bytes))
        .isInstanceOf(MissingSchemaException.class);
  }

  @Test
  void aTurnWithoutTheNewerFieldsIsWrittenInTheOldestVersionThatHoldsIt() {
    ChatTurnSubmitted plain = EventSerdeTest.turn();
    ChatTurnSubmitted acknowledged = ChatTurnSubmitted.newBuilder(plain).setNoticeAcknowledged(true).build();

    assertThat(versionWritten(plain)).isEqualTo(1);
    assertThat(versionWritten(acknowledged)).isEqualTo(2);
    assertThat(serde.decode(serde.encode(plain))).isEqualTo(plain);
    assertThat(serde.decode(serde.encode(acknowledged))).isEqualTo(acknowledged);
  }

  @Test
  void onlyVersionsWhoseFieldsBeginTheCurrentSchemaAreWrittenStill() {
    assertThat(OldestWriterSchema.of(ConversationState.class).olderVersions())
        .extracting(EventType::version).containsExactly(1);
    assertThat(OldestWriterSchema.of(ChatTurnSubmitted.class).olderVersions())
        .extracting(EventType::version).containsExactly(1, 2);
  }

  private int versionWritten(org.apache.avro.specific.SpecificRecord event) {
    return EventTypes.byFingerprint(EventSerde.fingerprintOf(serde.encode(event))).orElseThrow().version();
  }

  /** A decoder that knows one released version of ConversationState and nothing newer. */
  private static BinaryMessageDecoder<GenericRecord> previousReleaseReader(int version) {
    EventType released = EventTypes.released(ConversationState.class).stream()
        .filter(t -> t.version() == version).findFirst().orElseThrow();
    return new BinaryMessageDecoder<>(GenericData.get(), released.schema());
  }
}
