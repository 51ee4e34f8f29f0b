package io.loanofficer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.serde.GoldenFixtures;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Audit chains written by older releases replay with today's code, complete: the golden chain of
 * AuditRecord v1 records (payloads: ChatTurnSubmitted v1, ToolCallRequested v1, ToolCallCompleted v1)
 * verifies with its pinned hashes, and its transcript has the question, who asked it and when.
 */
class OldReleasesReplayTest {

  /** The golden chain's hashes, computed once by AuditChain when the fixtures were generated. */
  static final List<String> PINNED = List.of(
      "2d7199286933f71723f59749ff4485a14e801a04edca051100918c315f5a814e",
      "c14652280e627bd1be737156dfc236b551a649021b68bdc34190d7b2a4599df5",
      "9da8c080026cf75f4fbde6b401b2f00060802d71306a3df8a7e10bdbd7fc3cee");

  private static final Transcript.Asker OFFICER = new Transcript.Asker("officer-1", List.of("LOAN_OFFICER"));

  private final EventSerde serde = new EventSerde();

  private List<AuditRecord> goldenChain() {
    List<AuditRecord> records = new ArrayList<>();
    for (int seq = 1; seq <= 3; seq++) {
      records.add(serde.decode(GoldenFixtures.fixture("AuditRecord.v1.seq" + seq).bytes(), AuditRecord.class));
    }
    return records;
  }

  @Test
  void theGoldenV1ChainVerifiesWithItsPinnedHashes() {
    List<AuditRecord> chain = goldenChain();

    assertThat(ChainVerification.verify(chain).verified()).isTrue();
    assertThat(chain).extracting(AuditRecord::getHash).containsExactlyElementsOf(PINNED);
    assertThat(chain).extracting(AuditChain::hashOf).containsExactlyElementsOf(PINNED);
    assertThat(chain).extracting(AuditRecord::getPrevHash)
        .containsExactly(AuditKeys.GENESIS_HASH, PINNED.get(0), PINNED.get(1));
    assertThat(chain.get(2).getAttributes()).containsEntry("loanofficer.tool.outcome", "OK");
    // the payloads are the golden events, byte for byte, as the old release encoded them
    List<String> payloads = List.of("ChatTurnSubmitted.v1", "ToolCallRequested.v1", "ToolCallCompleted.v1");
    for (int i = 0; i < 3; i++) {
      assertThat(chain.get(i).getPayload().array()).isEqualTo(GoldenFixtures.fixture(payloads.get(i)).bytes());
    }
  }

  @Test
  void replayOfTheV1ChainShowsTheQuestionWhoAskedItWhenAndTheToolCall() {
    Transcript transcript = Transcript.of("golden-conv-1", goldenChain());

    assertThat(transcript.notes()).isEmpty();
    assertThat(transcript.turns()).hasSize(1);
    Transcript.Turn turn = transcript.turns().get(0);
    assertThat(turn.turnId()).isEqualTo("golden-turn-1");
    assertThat(turn.seq()).isEqualTo(1L);
    assertThat(turn.question()).isEqualTo("What's the status of loan L001?");
    assertThat(turn.askedBy()).isEqualTo(OFFICER);
    assertThat(turn.askedAt()).isEqualTo("2026-11-20T09:15:00Z");
    assertThat(turn.gatewayInstance()).isEqualTo("gw-old");
    assertThat(turn.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(turn.toolCalls()).hasSize(1);
    Transcript.ToolCall call = turn.toolCalls().get(0);
    assertThat(call.tool()).isEqualTo("getLoanStatus");
    assertThat(call.arguments().toString()).isEqualTo("{\"loan_id\":\"L001\"}");
    assertThat(call.outcome()).isEqualTo("ok");
    assertThat(call.result().toString()).isEqualTo("{\"loan_id\":\"L001\",\"status\":\"Active\"}");
    assertThat(call.workerId()).isEqualTo("worker-old");
    assertThat(call.requestedSeq()).isEqualTo(2L);
    assertThat(call.completedSeq()).isEqualTo(3L);
  }

  /** The case: a turn recorded by the release before ChatTurnSubmitted v3 (fingerprint b0c02994a27ea9c6). */
  @Test
  void aChainWithTurnsOfEveryChatTurnSubmittedVersionReplaysEveryQuestion() {
    List<AuditRecord> chain = chain(
        GoldenFixtures.fixture("ChatTurnSubmitted.v1").bytes(),
        GoldenFixtures.fixture("ChatTurnSubmitted.v2").bytes(),
        GoldenFixtures.fixture("ChatTurnSubmitted.v3").bytes());

    Transcript transcript = Transcript.of("golden-conv-1", chain);

    assertThat(ChainVerification.verify(chain).verified()).isTrue();
    assertThat(transcript.notes()).isEmpty();
    assertThat(transcript.turns()).extracting(Transcript.Turn::question).containsExactly(
        "What's the status of loan L001?",
        "Is the collateral sufficient for loan L002?",
        "What's the default risk for borrower B001? My SSN is [SSN_REDACTED]");
    assertThat(transcript.turns()).extracting(Transcript.Turn::askedAt)
        .containsExactly("2026-11-20T09:15:00Z", "2026-11-20T09:16:00Z", "2026-11-20T09:17:00Z");
    assertThat(transcript.turns()).extracting(Transcript.Turn::askedBy).containsOnly(OFFICER);
  }

  @Test
  void aPayloadWrittenByANewerReleaseIsNotedWithItsFingerprintNotSkipped() {
    byte[] newer = GoldenFixtures.fixture("ChatTurnSubmitted.v3").bytes().clone();
    for (int i = 0; i < 8; i++) {
      newer[2 + i] = (byte) (i + 1); // a fingerprint no release of this build has
    }
    List<AuditRecord> chain = chain(GoldenFixtures.fixture("ChatTurnSubmitted.v1").bytes(), newer);

    Transcript transcript = Transcript.of("golden-conv-1", chain);

    assertThat(ChainVerification.verify(chain).verified()).isTrue();
    assertThat(transcript.turns()).extracting(Transcript.Turn::question).containsExactly("What's the status of loan L001?");
    assertThat(transcript.notes()).singleElement().asString()
        .startsWith("seq 2 (ChatTurnSubmitted): payload cannot be decoded: "
            + "No known event schema has fingerprint 0807060504030201: not one of the ")
        .endsWith(" released schemas of this build, probably written by a newer release (upgrade this reader to decode it)");
  }

  /** A chain sealed by today's AuditChain around the given payloads, each a ChatTurnSubmitted. */
  private static List<AuditRecord> chain(byte[]... payloads) {
    List<AuditRecord> records = new ArrayList<>();
    String prevHash = AuditKeys.GENESIS_HASH;
    for (int i = 0; i < payloads.length; i++) {
      AuditRecord record = AuditRecord.newBuilder()
          .setEventId("e-" + (i + 1)).setConversationId("golden-conv-1").setSeq(i + 1).setType("ChatTurnSubmitted")
          .setOccurredAt(Instant.parse("2026-11-20T09:15:00Z").plusSeconds(60L * i)).setActor(null).setTraceId(null)
          .setPayload(ByteBuffer.wrap(payloads[i])).setAttributes(Map.of()).setPrevHash("").setHash("")
          .build();
      records.add(AuditChain.seal(record, prevHash));
      prevHash = record.getHash();
    }
    return records;
  }
}
