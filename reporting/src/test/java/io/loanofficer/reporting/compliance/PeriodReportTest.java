package io.loanofficer.reporting.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.GuardrailOutcome;
import io.loanofficer.events.GuardrailStage;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelDecision;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.RefusalKind;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.events.serde.EventSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The period report over chains built in memory, every figure counted by hand: two conversations in
 * the period (an officer's answered and fair-lending-refused turns; an analyst's redacted question
 * answered by an OpenAI model, then a timeout), one before it, a gateway chain (a refused token, two
 * reveals), a tampered chain and one with an erasure.
 */
class PeriodReportTest {

  private static final EventSerde SERDE = new EventSerde();
  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");
  private static final Actor ANALYST = new Actor("analyst-1", List.of("CREDIT_ANALYST"), "analyst-1");
  private static final Instant DAY1 = Instant.parse("2026-11-25T09:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-11-26T14:00:00Z");
  private static final ReportPeriod PERIOD = ReportPeriod.parse("2026-11-25", "2026-11-27");

  @Test
  void figuresOfThePeriodAreCountedFromTheChains() {
    PeriodReport report = PeriodReport.of(PERIOD, chains());

    assertThat(report.noActivity()).isFalse();
    assertThat(report.period()).isEqualTo(new PeriodReport.PeriodInfo("2026-11-25", "2026-11-27",
        "2026-11-25T00:00:00Z", "2026-11-28T00:00:00Z", 3));
    // 6 chains; records: a 9, b 8, old 2, gateway 3, tampered 2, erased 2 of 3 (one tombstone)
    assertThat(report.source().chainsRead()).isEqualTo(6);
    assertThat(report.source().recordsRead()).isEqualTo(26);
    assertThat(report.source().erasedSeqsRead()).isEqualTo(1);
    assertThat(report.source().recordsInPeriod()).isEqualTo(24);

    PeriodReport.Activity activity = report.activity();
    assertThat(activity.turns()).isEqualTo(6); // a: 2, b: 2, tampered: 1, erased: 1
    assertThat(activity.conversations()).isEqualTo(4);
    assertThat(activity.turnsByRole()).containsExactly(Map.entry("CREDIT_ANALYST", 2L), Map.entry("LOAN_OFFICER", 4L));
    assertThat(activity.turnsByUser()).containsExactly(Map.entry("analyst-1", 2L), Map.entry("officer-1", 4L));
    assertThat(activity.days()).extracting(PeriodReport.Day::day, PeriodReport.Day::turns)
        .containsExactly(Tuple.tuple("2026-11-25", 4L),
            Tuple.tuple("2026-11-26", 2L), Tuple.tuple("2026-11-27", 0L));

    PeriodReport.Outcomes outcomes = report.outcomes();
    assertThat(outcomes.answers()).isEqualTo(4); // a t1, a t2 (refusal), b t1, tampered t1
    assertThat(outcomes.answersThatRefused()).isEqualTo(1);
    assertThat(outcomes.errorsByCode()).containsExactly(Map.entry("TIMEOUT", 1L));
    assertThat(outcomes.timeouts()).isEqualTo(1);
    assertThat(outcomes.withoutReply()).isEqualTo(1); // the erased chain's turn: its reply was erased
    assertThat(outcomes.refusedAtGatewayByKindAndCode()).containsExactly(Map.entry("AUTHENTICATION 401", 1L));

    PeriodReport.Refusals refusals = report.refusals();
    assertThat(refusals.total()).isEqualTo(1);
    assertThat(refusals.byCategory()).extracting(PeriodReport.Category::category, PeriodReport.Category::count)
        .containsExactly(Tuple.tuple("FAIR_LENDING", 1L),
            Tuple.tuple("PROMPT_INJECTION", 0L),
            Tuple.tuple("PII_EXTRACTION", 0L),
            Tuple.tuple("OUT_OF_SCOPE", 0L), Tuple.tuple("OTHER", 0L));
    assertThat(refusals.byCategory().get(0).examples()).containsExactly(new PeriodReport.Example(
        "2026-11-25T09:05:00Z", "conv-a", "t2", "LOAN_OFFICER",
        "Which farmers over 60 should we drop? Call me at [PHONE_REDACTED]"));
    assertThat(refusals.byReason()).containsExactly(new PeriodReport.Reason("FAIR_LENDING", "input guard",
        "FAIR_LENDING", 1));

    PeriodReport.PersonalData data = report.personalData();
    assertThat(data.turnsWithRedactions()).isEqualTo(1);
    assertThat(data.redactedInQuestionsByKind()).containsExactly(Map.entry("SSN", 1L));
    assertThat(data.revealRequests()).isEqualTo(2);
    assertThat(data.reveals()).containsExactly(new PeriodReport.RevealCount("analyst-1", "PHONE", "FORBIDDEN", 1),
        new PeriodReport.RevealCount("officer-1", "EMAIL", "REVEALED", 1));
    assertThat(data.disclosures()).isEqualTo(new PeriodReport.Disclosures(1, 1, 1, new java.util.TreeMap<>(
        Map.of("EMAIL", 1L))));

    PeriodReport.Tools tools = report.tools();
    assertThat(tools.calls()).isEqualTo(2);
    assertThat(tools.byOutcome()).containsExactly(Map.entry("ok", 1L), Map.entry("timeout", 1L));
    assertThat(tools.byTool()).containsExactly(
        new PeriodReport.ToolFigures("analyzePaymentPatterns", 1, new java.util.TreeMap<>(Map.of("timeout", 1L)),
            new PeriodReport.Latency(0, null, null)),
        new PeriodReport.ToolFigures("evaluateCollateralSufficiency", 1, new java.util.TreeMap<>(Map.of("ok", 1L)),
            new PeriodReport.Latency(1, 1500L, 1500L)));

    PeriodReport.Models models = report.models();
    assertThat(models.modelCalls()).isEqualTo(4);
    assertThat(models.turnsWithAModel()).isEqualTo(3); // a t1, b t1, b t2
    assertThat(models.turnsWithoutAModel()).isEqualTo(3); // a t2 (input guard), tampered and erased chains' turns
    assertThat(models.tokensRecorded()).isTrue();
    assertThat(models.versionsRecorded()).isTrue();
    // b t1 was answered by a step served as the dated version; b t2's only step named none
    assertThat(models.byModel()).containsExactly(
        new PeriodReport.ModelFigures("gpt-4o-mini", 2, 2, new java.util.TreeMap<>(Map.of("ANSWER", 1L, "TOOL_CALLS", 1L)),
            100L, 20L, List.of(new PeriodReport.Served("gpt-4o-mini-2024-07-18", 1, 1),
                new PeriodReport.Served(null, 1, 1))),
        new PeriodReport.ModelFigures("offline-planner-v1", 1, 2,
            new java.util.TreeMap<>(Map.of("ANSWER", 1L, "TOOL_CALLS", 1L)), null, null,
            List.of(new PeriodReport.Served(null, 1, 2))));
    assertThat(ReportHtml.render(report)).contains("<tr><td>gpt-4o-mini</td>"
        + "<td>gpt-4o-mini-2024-07-18 (1 turn, 1 call)<br>not recorded (1 turn, 1 call)</td>"
        + "<td class=\"n\">2</td><td class=\"n\">2</td><td>ANSWER 1, TOOL_CALLS 1</td>"
        + "<td class=\"n\">100</td><td class=\"n\">20</td></tr>\n"
        + "<tr><td>offline-planner-v1</td><td>not recorded</td><td class=\"n\">1</td><td class=\"n\">2</td>"
        + "<td>ANSWER 1, TOOL_CALLS 1</td><td>not recorded</td><td>not recorded</td></tr>");

    PeriodReport.Integrity integrity = report.integrity();
    assertThat(integrity.conversations()).isEqualTo(4);
    assertThat(integrity.gatewayChains()).isEqualTo(1);
    assertThat(integrity.chainsVerified()).isEqualTo(3);
    assertThat(integrity.chainsStoppedAtErasure()).isEqualTo(1);
    assertThat(integrity.broken()).containsExactly(new PeriodReport.Broken("conv-tampered", 2, "CHANGED"));
    assertThat(integrity.erased()).containsExactly(new PeriodReport.Erased("conv-erased", List.of(2L)));
    assertThat(report.siem().auditRecordsInPeriod()).isEqualTo(24);
    assertThat(report.siem().documentsForwarded()).isNull();
  }

  @Test
  void modelsThatNamedNoServedVersionSaySo() {
    PeriodReport.Models models = PeriodReport.of(PERIOD, chains().subList(0, 1)).models(); // conv-a: the planner

    assertThat(models.versionsRecorded()).isFalse();
    assertThat(models.byModel()).extracting(PeriodReport.ModelFigures::servedAs)
        .containsExactly(List.of(new PeriodReport.Served(null, 1, 2)));
    assertThat(models.notes()).contains("Served versions: no model step in the period recorded the version that "
        + "served it (ModelInvoked.responseModel is empty), so no version is given.");
  }

  @Test
  void theSameChainsInAnyOrderGiveTheSameBytes() {
    List<AuditLog> chains = chains();
    String json = PeriodReport.of(PERIOD, chains).toJson();
    String html = ReportHtml.render(PeriodReport.of(PERIOD, chains));
    for (long seed = 1; seed <= 3; seed++) {
      List<AuditLog> shuffled = new ArrayList<>(chains());
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(PeriodReport.of(PERIOD, shuffled).toJson()).isEqualTo(json);
      assertThat(ReportHtml.render(PeriodReport.of(PERIOD, shuffled))).isEqualTo(html);
    }
    // self-contained: inline SVG, nothing loaded from anywhere (the only URL is the SVG namespace)
    assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"").doesNotContain("<script", "<link", "<img",
        "src=", "href=", "@import", "url(");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
    assertThat(html).contains("Which farmers over 60 should we drop? Call me at [PHONE_REDACTED]")
        .doesNotContain("555-0101");
    assertThat(json).doesNotContain("555-0101");
  }

  @Test
  void aPeriodWithoutRecordsSaysSo() {
    PeriodReport report = PeriodReport.of(ReportPeriod.parse("2020-01-01", "2020-01-31"), chains());
    assertThat(report.noActivity()).isTrue();
    assertThat(report.activity().turns()).isZero();
    assertThat(report.activity().days()).hasSize(31);
    assertThat(report.source().recordsRead()).isEqualTo(26);
    assertThat(report.source().recordsInPeriod()).isZero();
    assertThat(ReportHtml.render(report)).contains("No activity in this period: no audit record occurred between "
        + "2020-01-01T00:00:00Z and 2020-02-01T00:00:00Z.").doesNotContain("<svg");
  }

  @Test
  void badRangesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> ReportPeriod.parse("2026-11-27", "2026-11-25"))
        .isInstanceOf(ReportPeriod.InvalidPeriodException.class).hasMessage("to (2026-11-25) is before from (2026-11-27)");
    assertThatThrownBy(() -> ReportPeriod.parse("2026-02-30", "2026-03-01"))
        .hasMessage("from is not a valid date: 2026-02-30");
    assertThatThrownBy(() -> ReportPeriod.parse("yesterday", "2026-03-01"))
        .hasMessage("from is not a date YYYY-MM-DD: yesterday");
    assertThatThrownBy(() -> ReportPeriod.parse("2026-01-01", null)).hasMessage("to is required (YYYY-MM-DD)");
    assertThatThrownBy(() -> ReportPeriod.parse("2024-01-01", "2025-01-01")).hasMessage("at most 366 days in one report");
    assertThat(ReportPeriod.parse("2024-01-01", "2024-12-31").days()).isEqualTo(366);
  }

  @Test
  void percentilesAreNearestRank() {
    assertThat(PeriodReport.latency(List.of(5L, 1L, 4L, 2L, 3L))).isEqualTo(new PeriodReport.Latency(5, 3L, 5L));
    List<Long> hundred = new ArrayList<>();
    for (long i = 100; i >= 1; i--) {
      hundred.add(i);
    }
    assertThat(PeriodReport.latency(hundred)).isEqualTo(new PeriodReport.Latency(100, 50L, 95L));
  }

  private static List<AuditLog> chains() {
    List<AuditLog> chains = new ArrayList<>();
    // conv-a: an answered turn through one tool, then a fair-lending refusal by the input guard
    ChatTurnSubmitted a1 = turn("conv-a", "t1", OFFICER, "Is the collateral sufficient for loan L002?", DAY1, Map.of());
    ChatTurnSubmitted a2 = turn("conv-a", "t2", OFFICER, "Which farmers over 60 should we drop? Call me at 555-0101",
        DAY1.plusSeconds(300), Map.of());
    chains.add(chain("conv-a", new TreeSet<>(), -1,
        a1, model("conv-a", "t1", "offline-planner-v1", ModelDecision.TOOL_CALLS, null, null, DAY1.plusMillis(10)),
        request("conv-a", "t1", "c1", "evaluateCollateralSufficiency", DAY1.plusMillis(20)),
        completed("conv-a", "t1", "c1", "evaluateCollateralSufficiency", 1500, DAY1.plusMillis(40)),
        model("conv-a", "t1", "offline-planner-v1", ModelDecision.ANSWER, null, null, DAY1.plusMillis(50)),
        reply("conv-a", "t1", ReplyKind.ANSWER, null, List.of(), DAY1.plusMillis(60)),
        a2, verdict("conv-a", "t2", GuardrailStage.INPUT, GuardrailOutcome.REFUSED, List.of("FAIR_LENDING"), Map.of(),
            DAY1.plusSeconds(300)),
        reply("conv-a", "t2", ReplyKind.ANSWER, null, List.of(), DAY1.plusSeconds(300))));
    // conv-b: an analyst's question with an SSN redacted, answered by OpenAI; then a tool that timed out
    ChatTurnSubmitted b1 = turn("conv-b", "t1", ANALYST, "My SSN is [SSN_REDACTED], which farmers are at high risk?",
        DAY2, Map.of("SSN", 1));
    chains.add(chain("conv-b", new TreeSet<>(), -1,
        b1, verdict("conv-b", "t1", GuardrailStage.INPUT, GuardrailOutcome.MASKED, List.of("SSN"), Map.of("SSN", "1"),
            DAY2),
        model("conv-b", "t1", "gpt-4o-mini", ModelDecision.ANSWER, 100L, "gpt-4o-mini-2024-07-18", DAY2.plusMillis(5)),
        reply("conv-b", "t1", ReplyKind.ANSWER, null, List.of(), DAY2.plusMillis(6)),
        turn("conv-b", "t2", ANALYST, "Payment patterns of B002?", DAY2.plusSeconds(60), Map.of()),
        model("conv-b", "t2", "gpt-4o-mini", ModelDecision.TOOL_CALLS, null, null, DAY2.plusSeconds(61)),
        request("conv-b", "t2", "c1", "analyzePaymentPatterns", DAY2.plusSeconds(61)),
        reply("conv-b", "t2", ReplyKind.ERROR, "TIMEOUT", List.of(new ToolCallSummary("c1", "analyzePaymentPatterns",
            "{}", ToolOutcome.TIMEOUT, null)), DAY2.plusSeconds(91))));
    // conv-old: before the period
    Instant old = Instant.parse("2026-11-20T10:00:00Z");
    chains.add(chain("conv-old", new TreeSet<>(), -1, turn("conv-old", "t1", OFFICER, "Hello", old, Map.of()),
        reply("conv-old", "t1", ReplyKind.ANSWER, null, List.of(), old.plusMillis(5))));
    // a gateway's chain: a refused token, a reveal shown, a reveal refused
    chains.add(chain("gateway-gw-1", new TreeSet<>(), -1,
        AccessRefused.newBuilder().setEventId("e-r").setGatewayInstance("gw-1").setKind(RefusalKind.AUTHENTICATION)
            .setCode("401").setReason("no token").setPath("/api").setUserRef(null).setOccurredAt(DAY1).build(),
        reveal("EMAIL", RevealOutcome.REVEALED, "B001", OFFICER, DAY1.plusSeconds(20)),
        reveal("PHONE", RevealOutcome.FORBIDDEN, null, ANALYST, DAY2.plusSeconds(5))));
    // a chain whose second record was altered after sealing
    chains.add(chain("conv-tampered", new TreeSet<>(), 2,
        turn("conv-tampered", "t1", OFFICER, "Status of L001?", DAY1.plusSeconds(600), Map.of()),
        reply("conv-tampered", "t1", ReplyKind.ANSWER, null, List.of(), DAY1.plusSeconds(601))));
    // a chain whose reply (seq 2) was erased; seq 3, the copy of a reveal, stays (reveals count on gateway chains)
    chains.add(chain("conv-erased", new TreeSet<>(List.of(2L)), -1,
        turn("conv-erased", "t1", OFFICER, "Status of L004?", DAY1.plusSeconds(900), Map.of()),
        reply("conv-erased", "t1", ReplyKind.ANSWER, null, List.of(), DAY1.plusSeconds(901)),
        reveal("EMAIL", RevealOutcome.REVEALED, "B001", OFFICER, DAY1.plusSeconds(902))));
    return chains;
  }

  /**
   * A chain of sealed records from seq 1, as the audit writers seal them; the seqs in {@code erased}
   * become tombstones; the record at {@code tamperedSeq} is altered after sealing (-1: none).
   */
  private static AuditLog chain(String chainId, TreeSet<Long> erased, long tamperedSeq, SpecificRecord... events) {
    List<AuditLog.Entry> entries = new ArrayList<>();
    String prevHash = AuditKeys.GENESIS_HASH;
    long seq = 0;
    for (SpecificRecord event : events) {
      seq++;
      AuditRecord record = AuditRecord.newBuilder()
          .setEventId(chainId + "-" + seq).setConversationId(chainId).setSeq(seq).setType(event.getSchema().getName())
          .setOccurredAt(occurredAt(event)).setActor(null).setTraceId(null)
          .setPayload(ByteBuffer.wrap(SERDE.encode(event))).setAttributes(Map.of()).setPrevHash(prevHash).setHash("")
          .build();
      AuditChain.seal(record, prevHash);
      prevHash = record.getHash();
      if (seq == tamperedSeq) {
        record.setTraceId("altered");
      }
      if (!erased.contains(seq)) {
        entries.add(new AuditLog.Entry(seq, seq * 10, record));
      }
    }
    return new AuditLog(chainId, entries, erased, new TreeSet<>());
  }

  private static Instant occurredAt(SpecificRecord event) {
    for (String field : List.of("submittedAt", "producedAt", "occurredAt", "requestedAt", "completedAt")) {
      if (event.getSchema().getField(field) != null) {
        return (Instant) event.get(event.getSchema().getField(field).pos());
      }
    }
    throw new IllegalArgumentException(event.getSchema().getName());
  }

  private static ChatTurnSubmitted turn(String conversationId, String turnId, Actor actor, String text, Instant at,
      Map<String, Integer> redacted) {
    return ChatTurnSubmitted.newBuilder().setEventId(conversationId + turnId).setConversationId(conversationId)
        .setTurnId(turnId).setClientMessageId("c-" + turnId).setText(text).setActor(actor).setGatewayInstance("gw-1")
        .setTraceId(null).setSubmittedAt(at).setMaskedInText(redacted).build();
  }

  private static ChatReplyProduced reply(String conversationId, String turnId, ReplyKind kind, String code,
      List<ToolCallSummary> calls, Instant at) {
    return ChatReplyProduced.newBuilder().setEventId(conversationId + turnId + "r").setConversationId(conversationId)
        .setTurnId(turnId).setClientMessageId("c-" + turnId).setUserId("u").setKind(kind).setText("text")
        .setErrorCode(code).setToolCalls(calls).setTraceId(null).setProducedAt(at).build();
  }

  private static ModelInvoked model(String conversationId, String turnId, String model, ModelDecision decision,
      Long inputTokens, String servedAs, Instant at) {
    return ModelInvoked.newBuilder().setEventId(conversationId + turnId + "m" + decision).setConversationId(conversationId)
        .setTurnId(turnId).setRound(0).setModel(model).setPromptDigest("d").setMessageCount(1).setNewMessagesJson("[]")
        .setToolsOffered(List.of()).setDecision(decision).setInputTokens(inputTokens)
        .setOutputTokens(inputTokens == null ? null : 20L).setDurationMillis(3).setOccurredAt(at)
        .setResponseModel(servedAs).build();
  }

  private static ToolCallRequested request(String conversationId, String turnId, String callId, String tool, Instant at) {
    return ToolCallRequested.newBuilder().setEventId(conversationId + turnId + callId).setConversationId(conversationId)
        .setTurnId(turnId).setCallId(callId).setRound(1).setTool(tool).setArgumentsJson("{}").setActor(OFFICER)
        .setTraceId(null).setRequestedAt(at).setDeadlineAt(at.plusSeconds(10)).build();
  }

  private static ToolCallCompleted completed(String conversationId, String turnId, String callId, String tool,
      long micros, Instant at) {
    return ToolCallCompleted.newBuilder().setEventId(conversationId + turnId + callId + "c")
        .setConversationId(conversationId).setTurnId(turnId).setCallId(callId).setTool(tool).setToolVersion("1")
        .setOutcome(ToolOutcome.OK).setResultJson("{}").setErrorMessage(null).setWorkerId("w").setDurationMicros(micros)
        .setTraceId(null).setCompletedAt(at).build();
  }

  private static GuardrailVerdict verdict(String conversationId, String turnId, GuardrailStage stage,
      GuardrailOutcome outcome, List<String> reasons, Map<String, String> counts, Instant at) {
    Map<String, String> details = new java.util.TreeMap<>(counts);
    details.put("guard", "test");
    return GuardrailVerdict.newBuilder().setEventId(conversationId + turnId + stage).setConversationId(conversationId)
        .setTurnId(turnId).setStage(stage).setVerdict(outcome).setReasons(reasons).setDetails(details).setOccurredAt(at)
        .build();
  }

  private static PiiRevealed reveal(String kind, RevealOutcome outcome, String borrowerId, Actor actor, Instant at) {
    return PiiRevealed.newBuilder().setEventId("rv-" + kind).setGatewayInstance("gw-1").setConversationId("conv-a")
        .setToken("[" + kind + "_1a2b3c]").setKind(kind).setOutcome(outcome).setBorrowerId(borrowerId).setActor(actor)
        .setOccurredAt(at).build();
  }
}
