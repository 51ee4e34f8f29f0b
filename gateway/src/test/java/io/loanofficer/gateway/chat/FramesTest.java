package io.loanofficer.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AlertRule;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FramesTest {

  private final Frames frames = new Frames(JsonMapper.shared());

  private static ChatReplyProduced reply(ReplyKind kind, String code, String text) {
    return ChatReplyProduced.newBuilder().setEventId("e").setConversationId("conv-1").setTurnId("t-1")
        .setClientMessageId("c-1").setUserId("officer-1").setKind(kind).setText(text).setErrorCode(code)
        .setToolCalls(List.of(new ToolCallSummary("t-1/call-1", "evaluateCollateralSufficiency",
            "{\"loan_id\":\"L002\"}", ToolOutcome.OK, "{\"ltv\":0.86,\"sufficient\":false}")))
        .setTraceId("0af7651916cd43dd8448eb211c80319c").setProducedAt(Instant.EPOCH).build();
  }

  @Test
  void anAlertBecomesTheProtocolsAlertFrameAndAListOfThem() {
    AlertRaised alert = AlertRaised.newBuilder().setAlertId("a-1").setRule(AlertRule.LTV_BREACH).setOfficerId("officer-1")
        .setBorrowerId("B001").setLoanId("L001").setText("LTV 0.71 -> 0.83").setFigures(Map.of("ltv_after", "0.83"))
        .setChangeKey("collateral/C001").setSourcePosition("0000000000000001/0000000000000002")
        .setCommittedAt(Instant.parse("2026-12-01T09:00:00Z")).setRaisedAt(Instant.parse("2026-12-01T09:00:00.120Z"))
        .setWorkerId("w-1").setTraceId("0af7651916cd43dd8448eb211c80319c").build();
    String frame = "{\"type\":\"alert\",\"alertId\":\"a-1\",\"rule\":\"LTV_BREACH\",\"borrowerId\":\"B001\","
        + "\"loanId\":\"L001\",\"text\":\"LTV 0.71 -> 0.83\",\"at\":\"2026-12-01T09:00:00.120Z\","
        + "\"traceId\":\"0af7651916cd43dd8448eb211c80319c\"}";
    assertThat(frames.alert(alert)).isEqualTo(frame);
    assertThat(frames.alerts(List.of(alert))).isEqualTo("{\"type\":\"alerts\",\"alerts\":[" + frame + "]}");
  }

  @Test
  void anAnswerBecomesAnAssistantMessageWithItsToolCallsAndResults() {
    assertThat(frames.reply(reply(ReplyKind.ANSWER, null, "LTV 0.86"))).isEqualTo(
        "{\"type\":\"assistant_message\",\"conversationId\":\"conv-1\",\"turnId\":\"t-1\",\"text\":\"LTV 0.86\","
            + "\"toolCalls\":[{\"tool\":\"evaluateCollateralSufficiency\",\"arguments\":{\"loan_id\":\"L002\"},"
            + "\"outcome\":\"ok\",\"result\":{\"ltv\":0.86,\"sufficient\":false}}],"
            + "\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"clientMessageId\":\"c-1\"}");
  }

  @Test
  void anErrorReplyBecomesAnErrorFrameWithItsCodeAndTurn() {
    assertThat(frames.reply(reply(ReplyKind.ERROR, "TIMEOUT", "Too slow."))).isEqualTo(
        "{\"type\":\"error\",\"clientMessageId\":\"c-1\",\"code\":\"TIMEOUT\",\"message\":\"Too slow.\","
            + "\"conversationId\":\"conv-1\",\"turnId\":\"t-1\"}");
  }
}
