package io.loanofficer.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.Actor;
import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AlertRule;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.gateway.transcript.Conversation.Exchange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exact text of every frame type the gateway writes (protocol v1 and its extensions): field order,
 * absent and null fields. The frames must not depend on how the mapper is configured, so each is
 * written by the default mapper and by one that sorts properties alphabetically.
 */
class FrameJsonTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final Instant ASKED = Instant.parse("2026-12-01T09:00:00Z");
  private static final Instant ANSWERED = Instant.parse("2026-12-01T09:00:02.500Z");

  static Stream<ObjectMapper> mappers() {
    return Stream.of(JsonMapper.shared(),
        JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build());
  }

  private static ChatReplyProduced reply(String turnId, ReplyKind kind, String code, String text, String resultJson) {
    return ChatReplyProduced.newBuilder().setEventId("e-" + turnId).setConversationId("conv-1").setTurnId(turnId)
        .setClientMessageId("c-" + turnId).setUserId("officer-1").setKind(kind).setText(text).setErrorCode(code)
        .setToolCalls(kind == ReplyKind.ERROR ? List.of() : List.of(new ToolCallSummary(turnId + "/call-1",
            "getLoanStatus", "{\"loan_id\":\"L001\"}", ToolOutcome.OK, resultJson)))
        .setTraceId(TRACE).setProducedAt(ANSWERED).build();
  }

  private static ChatTurnSubmitted turn(String turnId, String text) {
    return ChatTurnSubmitted.newBuilder().setEventId("e-" + turnId).setConversationId("conv-1").setTurnId(turnId)
        .setClientMessageId("c-" + turnId).setText(text).setActor(new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1"))
        .setGatewayInstance("gw-1").setTraceId(TRACE).setSubmittedAt(ASKED).build();
  }

  private static AlertRaised alert(String alertId) {
    return AlertRaised.newBuilder().setAlertId(alertId).setRule(AlertRule.PAYMENT_LATE).setOfficerId("officer-1")
        .setBorrowerId("B003").setLoanId(null).setText("Payment 15 days late").setFigures(Map.of())
        .setChangeKey("payments/P9").setSourcePosition("1/2").setCommittedAt(ASKED).setRaisedAt(ANSWERED)
        .setWorkerId("w-1").setTraceId(TRACE).build();
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void accepted(ObjectMapper json) {
    Frames frames = new Frames(json);
    assertThat(frames.accepted("c-1", "conv-1", "t-1", Map.of()))
        .isEqualTo("{\"type\":\"accepted\",\"clientMessageId\":\"c-1\",\"conversationId\":\"conv-1\",\"turnId\":\"t-1\"}");
    assertThat(frames.accepted("c-1", "conv-1", "t-1", Map.of("IBAN", 1, "EMAIL", 2)))
        .isEqualTo("{\"type\":\"accepted\",\"clientMessageId\":\"c-1\",\"conversationId\":\"conv-1\",\"turnId\":\"t-1\","
            + "\"redacted\":{\"EMAIL\":2,\"IBAN\":1}}");
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void errors(ObjectMapper json) {
    Frames frames = new Frames(json);
    assertThat(frames.error(null, ErrorCode.INVALID_MESSAGE, "A frame must be a JSON object."))
        .isEqualTo("{\"type\":\"error\",\"clientMessageId\":null,\"code\":\"INVALID_MESSAGE\","
            + "\"message\":\"A frame must be a JSON object.\"}");
    assertThat(frames.error("c-2", "conv-9", ErrorCode.FORBIDDEN, "This conversation belongs to another user."))
        .isEqualTo("{\"type\":\"error\",\"clientMessageId\":\"c-2\",\"code\":\"FORBIDDEN\","
            + "\"message\":\"This conversation belongs to another user.\",\"conversationId\":\"conv-9\"}");
    // an error reply without a code is INTERNAL
    assertThat(frames.reply(reply("t-3", ReplyKind.ERROR, null, "Something failed.", null)))
        .isEqualTo("{\"type\":\"error\",\"clientMessageId\":\"c-t-3\",\"code\":\"INTERNAL\",\"message\":\"Something failed.\","
            + "\"conversationId\":\"conv-1\",\"turnId\":\"t-3\"}");
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void progress(ObjectMapper json) {
    ChatProgress progress = ChatProgress.newBuilder().setEventId("e-p").setConversationId("conv-1").setTurnId("t-1")
        .setUserId("officer-1").setCallId("t-1/call-1").setTool("getLoanStatus").setStatus(ProgressStatus.COMPLETED)
        .setAt(ANSWERED).build();
    assertThat(new Frames(json).progress(progress)).isEqualTo("{\"type\":\"progress\",\"conversationId\":\"conv-1\","
        + "\"turnId\":\"t-1\",\"tool\":\"getLoanStatus\",\"status\":\"completed\"}");
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void assistantMessageWithArgumentsThatAreNotJsonAndNoResult(ObjectMapper json) {
    ChatReplyProduced reply = reply("t-1", ReplyKind.ANSWER, null, "Loan L001 is current.", null);
    reply.setToolCalls(List.of(new ToolCallSummary("t-1/call-1", "getLoanStatus", "loan L001", ToolOutcome.INVALID_ARGUMENT,
        null)));
    assertThat(new Frames(json).reply(reply)).isEqualTo("{\"type\":\"assistant_message\",\"conversationId\":\"conv-1\","
        + "\"turnId\":\"t-1\",\"text\":\"Loan L001 is current.\",\"toolCalls\":[{\"tool\":\"getLoanStatus\","
        + "\"arguments\":\"loan L001\",\"outcome\":\"invalid_argument\"}],\"traceId\":\"" + TRACE + "\","
        + "\"clientMessageId\":\"c-t-1\"}");
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void historyOfAnAnswerAnErrorAndAnOpenTurn(ObjectMapper json) {
    List<Exchange> exchanges = List.of(
        new Exchange(turn("t-1", "Status of L001?"),
            reply("t-1", ReplyKind.ANSWER, null, "Current.", "{\"status\":\"CURRENT\"}")),
        new Exchange(turn("t-2", "And L002?"), reply("t-2", ReplyKind.ERROR, "TIMEOUT", "Too slow.", null)),
        new Exchange(turn("t-3", "And L003?"), null));
    String askedAt = "\"at\":\"2026-12-01T09:00:00Z\"";
    String answeredAt = "\"at\":\"2026-12-01T09:00:02.500Z\"";
    String first = "{\"type\":\"user_message\",\"clientMessageId\":\"c-t-1\",\"conversationId\":\"conv-1\","
        + "\"turnId\":\"t-1\",\"text\":\"Status of L001?\"," + askedAt + "},"
        + "{\"type\":\"assistant_message\",\"conversationId\":\"conv-1\",\"turnId\":\"t-1\",\"text\":\"Current.\","
        + "\"toolCalls\":[{\"tool\":\"getLoanStatus\",\"arguments\":{\"loan_id\":\"L001\"},\"outcome\":\"ok\","
        + "\"result\":{\"status\":\"CURRENT\"}}],\"traceId\":\"" + TRACE + "\",\"clientMessageId\":\"c-t-1\","
        + answeredAt + "}";
    String rest = "{\"type\":\"user_message\",\"clientMessageId\":\"c-t-2\",\"conversationId\":\"conv-1\","
        + "\"turnId\":\"t-2\",\"text\":\"And L002?\"," + askedAt + "},"
        + "{\"type\":\"error\",\"clientMessageId\":\"c-t-2\",\"code\":\"TIMEOUT\",\"message\":\"Too slow.\","
        + "\"conversationId\":\"conv-1\",\"turnId\":\"t-2\"," + answeredAt + "},"
        + "{\"type\":\"user_message\",\"clientMessageId\":\"c-t-3\",\"conversationId\":\"conv-1\","
        + "\"turnId\":\"t-3\",\"text\":\"And L003?\"," + askedAt + "}";
    Frames frames = new Frames(json);
    assertThat(frames.history("conv-1", exchanges, 1 << 20))
        .isEqualTo("{\"type\":\"history\",\"conversationId\":\"conv-1\",\"messages\":[" + first + "," + rest + "]}");
    // each entry counts its bytes and one separator: one byte short of the first exchange leaves it out
    int restBytes = rest.length() + 1;
    int firstBytes = first.length() + 1;
    assertThat(frames.history("conv-1", exchanges, restBytes + firstBytes))
        .isEqualTo("{\"type\":\"history\",\"conversationId\":\"conv-1\",\"messages\":[" + first + "," + rest + "]}");
    assertThat(frames.history("conv-1", exchanges, restBytes + firstBytes - 1))
        .isEqualTo("{\"type\":\"history\",\"conversationId\":\"conv-1\",\"omitted\":1,\"messages\":[" + rest + "]}");
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void alertsAndTheirSubscription(ObjectMapper json) {
    Frames frames = new Frames(json);
    String alert = "{\"type\":\"alert\",\"alertId\":\"a-1\",\"rule\":\"PAYMENT_LATE\",\"borrowerId\":\"B003\","
        + "\"loanId\":null,\"text\":\"Payment 15 days late\",\"at\":\"2026-12-01T09:00:02.500Z\","
        + "\"traceId\":\"" + TRACE + "\"}";
    assertThat(frames.alert(alert("a-1"))).isEqualTo(alert);
    assertThat(frames.alerts(List.of(alert("a-1"), alert("a-2"))))
        .isEqualTo("{\"type\":\"alerts\",\"alerts\":[" + alert + "," + alert.replace("a-1", "a-2") + "]}");
    assertThat(frames.alerts(List.of())).isEqualTo("{\"type\":\"alerts\",\"alerts\":[]}");
    assertThat(frames.alertsSubscribed()).isEqualTo("{\"type\":\"alerts_subscribed\"}");
  }
}
