package io.loanofficer.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AlertRule;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.ModelDecision;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.serde.GoldenFixtures.Fixture;
import io.loanofficer.events.serde.EventTypes.ManifestLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records written with every released schema version, frozen as bytes, are read by today's code
 * with nothing lost: every field they were written with keeps its value, every field added since
 * takes its default.
 */
class GoldenFixturesTest {

  private final EventSerde serde = new EventSerde();

  static Stream<Fixture> fixtures() {
    return GoldenFixtures.all().stream();
  }

  @Test
  void everyReleasedVersionHasAGoldenFixtureAndEveryStatementItsBytes() {
    List<String> covered = GoldenFixtures.all().stream().map(f -> f.name() + ".v" + f.version()).distinct().toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(
        EventTypes.manifest().stream().map(line -> line.name() + ".v" + line.version()).toList());
    assertThat(GoldenFixtures.stated()).as("every .json has its generated .bin").isEqualTo(GoldenFixtures.all());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void bytesAreWrittenWithThatVersionAndHoldWhatTheirJsonStates(Fixture fixture) {
    ManifestLine line = EventTypes.manifest().stream()
        .filter(l -> l.name().equals(fixture.name()) && l.version() == fixture.version()).findFirst().orElseThrow();

    assertThat(EventTypes.hex(EventSerde.fingerprintOf(fixture.bytes()))).isEqualTo(EventTypes.hex(line.fingerprint()));
    assertThat(fixture.written()).isEqualTo(fixture.stated());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void todaysDecoderKeepsEveryWrittenFieldAndDefaultsTheNewOnes(Fixture fixture) throws IOException {
    SpecificRecord decoded = serde.decode(fixture.bytes());
    Schema writer = fixture.writer().schema();
    Schema current = decoded.getSchema();

    assertThat(decoded.getClass()).isEqualTo(fixture.writer().javaClass());
    // projected back onto the schema it was written with, today's record is the record as written
    assertThat(project(decoded, writer)).isEqualTo(fixture.stated());
    for (Schema.Field field : current.getFields()) {
      if (writer.getField(field.name()) == null) {
        assertThat(decoded.get(field.pos())).as("%s.%s (added after v%d)", fixture.name(), field.name(),
            fixture.version()).isEqualTo(SpecificData.get().getDefaultValue(field));
      }
    }
  }

  @Test
  void chatTurnSubmittedOfEveryVersionKeepsTheQuestionAndWhoAskedIt() {
    ChatTurnSubmitted v1 = serde.decode(GoldenFixtures.fixture("ChatTurnSubmitted.v1").bytes(), ChatTurnSubmitted.class);
    assertThat(v1.getText()).isEqualTo("What's the status of loan L001?");
    assertThat(v1.getActor().getUserId()).isEqualTo("officer-1");
    assertThat(v1.getActor().getRoles()).containsExactly("LOAN_OFFICER");
    assertThat(v1.getActor().getOfficerId()).isEqualTo("OFF-001");
    assertThat(v1.getSubmittedAt()).isEqualTo(Instant.parse("2026-11-20T09:15:00Z"));
    assertThat(v1.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(v1.getGatewayInstance()).isEqualTo("gw-old");
    assertThat(v1.getNoticeAcknowledged()).isFalse();
    assertThat(v1.getMaskedInText()).isEmpty();

    ChatTurnSubmitted v2 = serde.decode(GoldenFixtures.fixture("ChatTurnSubmitted.v2").bytes(), ChatTurnSubmitted.class);
    assertThat(v2.getText()).isEqualTo("Is the collateral sufficient for loan L002?");
    assertThat(v2.getSubmittedAt()).isEqualTo(Instant.parse("2026-11-20T09:16:00Z"));
    assertThat(v2.getTraceId()).isNull();
    assertThat(v2.getNoticeAcknowledged()).isTrue();
    assertThat(v2.getMaskedInText()).isEmpty();

    ChatTurnSubmitted v3 = serde.decode(GoldenFixtures.fixture("ChatTurnSubmitted.v3").bytes(), ChatTurnSubmitted.class);
    assertThat(v3.getText()).isEqualTo("What's the default risk for borrower B001? My SSN is [SSN_REDACTED]");
    assertThat(v3.getNoticeAcknowledged()).isTrue();
    assertThat(v3.getMaskedInText()).isEqualTo(Map.of("SSN", 1));
  }

  @Test
  void piiRevealedV1HasNoActorAndV2KeepsIt() {
    PiiRevealed v1 = serde.decode(GoldenFixtures.fixture("PiiRevealed.v1").bytes(), PiiRevealed.class);
    assertThat(v1.getOutcome()).isEqualTo(RevealOutcome.REVEALED);
    assertThat(v1.getBorrowerId()).isEqualTo("B001");
    assertThat(v1.getToken()).isEqualTo("[SSN:a1b2c3]");
    assertThat(v1.getActor()).isNull();
    assertThat(v1.getOccurredAt()).isEqualTo(Instant.parse("2026-11-20T09:18:00Z"));

    PiiRevealed v2 = serde.decode(GoldenFixtures.fixture("PiiRevealed.v2").bytes(), PiiRevealed.class);
    assertThat(v2.getOutcome()).isEqualTo(RevealOutcome.FORBIDDEN);
    assertThat(v2.getBorrowerId()).isNull();
    assertThat(v2.getActor().getUserId()).isEqualTo("analyst-1");
    assertThat(v2.getActor().getRoles()).containsExactly("RISK_ANALYST");
  }

  @Test
  void lendingChangeV1KeepsItsColumnsAndPosition() {
    LendingChangeCaptured v1 = serde.decode(GoldenFixtures.fixture("LendingChangeCaptured.v1").bytes(),
        LendingChangeCaptured.class);
    assertThat(v1.getTable()).isEqualTo("payment");
    assertThat(v1.getPrimaryKey()).isEqualTo("P003");
    assertThat(v1.getOperation()).isEqualTo(ChangeOperation.UPDATE);
    assertThat(v1.getBefore()).containsEntry("days_late", "12");
    assertThat(v1.getAfter()).containsEntry("days_late", "45").containsEntry("amount", "949.24");
    assertThat(v1.getLsn()).isEqualTo("0/1A2B3C8");
    assertThat(v1.getSourcePosition()).isEqualTo("00000000019F0A20/0000000001A2B3C8");
    assertThat(v1.getTransactionId()).isEqualTo(771L);
    assertThat(v1.getCommittedAt()).isEqualTo(Instant.parse("2026-11-20T09:19:00Z"));
  }

  @Test
  void alertRaisedV1KeepsItsRuleFiguresAndPosition() {
    AlertRaised v1 = serde.decode(GoldenFixtures.fixture("AlertRaised.v1").bytes(), AlertRaised.class);
    assertThat(v1.getRule()).isEqualTo(AlertRule.PAYMENT_LATE);
    assertThat(v1.getOfficerId()).isEqualTo("officer-1");
    assertThat(v1.getBorrowerId()).isEqualTo("B001");
    assertThat(v1.getLoanId()).isEqualTo("L001");
    assertThat(v1.getFigures()).containsEntry("days_late", "45").containsEntry("threshold_days", "30");
    assertThat(v1.getChangeKey()).isEqualTo("payment/P029");
    assertThat(v1.getSourcePosition()).isEqualTo("00000000019F0A20/0000000001A2B3C8");
    assertThat(v1.getRaisedAt()).isEqualTo(Instant.parse("2026-11-20T09:19:00.480Z"));
    assertThat(v1.getTraceId()).isEqualTo("6f1c2a4e0d3b3c5e9a7f1b2c3d4e5f60");
  }

  @Test
  void conversationStateV1ReadsWithNoAlertPositionsAndV2KeepsThem() {
    ConversationState v1 = serde.decode(GoldenFixtures.fixture("ConversationState.v1").bytes(), ConversationState.class);
    assertThat(v1.getAlertPositions()).isEmpty();
    ConversationState v2 = serde.decode(GoldenFixtures.fixture("ConversationState.v2").bytes(), ConversationState.class);
    assertThat(v2.getConversationId()).isEqualTo("alerts-officer-1");
    assertThat(v2.getAlertPositions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "payment/P029", "00000000019F0A20/0000000001A2B3C8", "borrower/B001", "0000000001A2B3C8/0000000001A2B500"));
  }

  @Test
  void modelAnsweredV1ReadsWithNoTokensV2KeepsThemAndV3TheServedModel() {
    ModelAnswered v1 = serde.decode(GoldenFixtures.fixture("ModelAnswered.v1").bytes(), ModelAnswered.class);
    assertThat(v1.getInputTokens()).isNull();
    assertThat(v1.getOutputTokens()).isNull();
    ModelAnswered v2 = serde.decode(GoldenFixtures.fixture("ModelAnswered.v2").bytes(), ModelAnswered.class);
    assertThat(v2.getModel()).isEqualTo("gpt-4o-mini");
    assertThat(v2.getText()).isEqualTo("Loan L001 is current.");
    assertThat(v2.getInputTokens()).isEqualTo(1234L);
    assertThat(v2.getOutputTokens()).isEqualTo(56L);
    assertThat(v2.getResponseModel()).isNull();
    ModelAnswered v3 = serde.decode(GoldenFixtures.fixture("ModelAnswered.v3").bytes(), ModelAnswered.class);
    assertThat(v3.getModel()).isEqualTo("gpt-4o-mini");
    assertThat(v3.getInputTokens()).isEqualTo(1310L);
    assertThat(v3.getOutputTokens()).isEqualTo(61L);
    assertThat(v3.getResponseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void modelInvokedV1ReadsWithNoServedModelAndV2KeepsIt() {
    ModelInvoked v1 = serde.decode(GoldenFixtures.fixture("ModelInvoked.v1").bytes(), ModelInvoked.class);
    assertThat(v1.getModel()).isEqualTo("offline-planner");
    assertThat(v1.getInputTokens()).isEqualTo(412L);
    assertThat(v1.getResponseModel()).isNull();
    ModelInvoked v2 = serde.decode(GoldenFixtures.fixture("ModelInvoked.v2").bytes(), ModelInvoked.class);
    assertThat(v2.getModel()).isEqualTo("gpt-4o-mini");
    assertThat(v2.getDecision()).isEqualTo(ModelDecision.ANSWER);
    assertThat(v2.getText()).isEqualTo("Loan L001 is current.");
    assertThat(v2.getInputTokens()).isEqualTo(1310L);
    assertThat(v2.getOutputTokens()).isEqualTo(61L);
    assertThat(v2.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1795166100300L));
    assertThat(v2.getResponseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void toolCallRequestedV1KeepsTheCallAndItsActor() {
    ToolCallRequested call = serde.decode(GoldenFixtures.fixture("ToolCallRequested.v1").bytes(), ToolCallRequested.class);
    assertThat(call.getCallId()).isEqualTo("golden-call-1");
    assertThat(call.getTool()).isEqualTo("getLoanStatus");
    assertThat(call.getArgumentsJson()).isEqualTo("{\"loan_id\":\"L001\"}");
    assertThat(call.getRound()).isEqualTo(1);
    assertThat(call.getActor().getUserId()).isEqualTo("officer-1");
    assertThat(call.getRequestedAt()).isEqualTo(Instant.parse("2026-11-20T09:15:00.300Z"));
    assertThat(call.getDeadlineAt()).isEqualTo(Instant.parse("2026-11-20T09:15:10.300Z"));
  }

  @Test
  void conversationStateV1KeepsTheActiveTurnAndItsCalls() {
    ConversationState state = serde.decode(GoldenFixtures.fixture("ConversationState.v1").bytes(),
        ConversationState.class);
    assertThat(state.getStatus()).isEqualTo(ConversationStatus.AWAITING_TOOLS);
    assertThat(state.getAuditSeq()).isEqualTo(2);
    assertThat(state.getAuditHash()).isEqualTo("ab".repeat(32));
    assertThat(state.getActiveTurn().getCalls()).hasSize(1);
    assertThat(state.getActiveTurn().getCalls().get(0).getOutcome()).isNull();
    assertThat(state.getTranscript().get(0).getText()).isEqualTo("What's the status of loan L001?");
  }

  @Test
  void accessRefusedV1KeepsWhoWasRefusedWhere() {
    AccessRefused refused = serde.decode(GoldenFixtures.fixture("AccessRefused.v1").bytes(), AccessRefused.class);
    assertThat(refused.getCode()).isEqualTo("403");
    assertThat(refused.getUserRef()).isEqualTo("officer-1");
    assertThat(refused.getPath()).isEqualTo("/api/audit/conversations/golden-conv-1");
  }

  /** Today's record written with today's schema and read back with the old one (Avro resolution). */
  private static GenericRecord project(SpecificRecord record, Schema writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(record.getSchema(), writer)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }
}
