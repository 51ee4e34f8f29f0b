package io.loanofficer.agent.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AlertRule;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertChainTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:01Z");
  private final AlertChain chain = new AlertChain(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void theFirstAlertStartsTheOfficersChainAndGoesToTheGatewaysInTheSameStep() {
    ConversationEngine.Transition step = chain.onAlert(null, alert("a-1", "payment/P029", "0000000000000010/0000000000000020"));

    assertThat(step.state().getConversationId()).isEqualTo("alerts-officer-1");
    assertThat(step.state().getOwnerUserId()).isEqualTo("officer-1");
    assertThat(step.state().getAuditSeq()).isEqualTo(1);
    assertThat(step.state().getAlertPositions()).containsExactly(Map.entry("payment/P029", "0000000000000010/0000000000000020"));
    assertThat(step.outbound()).hasSize(2);
    OutboundRecord audit = step.outbound().get(0);
    assertThat(audit.topic()).isEqualTo(Topic.AUDIT_EVENTS.topicName());
    assertThat(audit.key()).isEqualTo("alerts-officer-1/1");
    assertThat(audit.partition()).isEqualTo(AuditKeys.partition("alerts-officer-1", Topic.AUDIT_EVENTS.partitions()));
    AuditRecord record = (AuditRecord) audit.value();
    assertThat(record.getType()).isEqualTo("AlertRaised");
    assertThat(record.getEventId()).isEqualTo("a-1");
    assertThat(record.getPrevHash()).isEqualTo(AuditKeys.GENESIS_HASH);
    assertThat(record.getAttributes()).containsEntry("event.kind", "alert").containsEntry("loanofficer.alert.rule", "PAYMENT_LATE")
        .containsEntry("loanofficer.change.source_position", "0000000000000010/0000000000000020");
    assertThat(AuditChain.hashOf(record)).isEqualTo(record.getHash());
    OutboundRecord delivery = step.outbound().get(1);
    assertThat(delivery.topic()).isEqualTo(Topic.CHAT_REPLIES.topicName());
    assertThat(delivery.key()).isEqualTo("alerts-officer-1");
    assertThat(((AlertRaised) delivery.value()).getAlertId()).isEqualTo("a-1");
  }

  @Test
  void anAlertNotAboveThePositionRecordedForItsRowIsARepeatAndWritesNothing() {
    ConversationEngine.Transition first = chain.onAlert(null, alert("a-1", "payment/P029", "0000000000000010/0000000000000020"));

    ConversationEngine.Transition again = chain.onAlert(first.state(), alert("a-1", "payment/P029", "0000000000000010/0000000000000020"));
    ConversationEngine.Transition older = chain.onAlert(first.state(), alert("a-0", "payment/P029", "000000000000000F/0000000000000019"));
    // another row may come with a lower position (another partition of lending.changes): it is new
    ConversationEngine.Transition otherRow = chain.onAlert(first.state(), alert("a-2", "borrower/B001", "000000000000000F/0000000000000018"));
    ConversationEngine.Transition later = chain.onAlert(otherRow.state(), alert("a-3", "payment/P029", "0000000000000030/0000000000000031"));

    assertThat(again.outbound()).isEmpty();
    assertThat(again.state()).isSameAs(first.state());
    assertThat(older.outbound()).isEmpty();
    assertThat(otherRow.outbound()).hasSize(2);
    assertThat(otherRow.state().getAuditSeq()).isEqualTo(2);
    assertThat(((AuditRecord) otherRow.outbound().get(0).value()).getPrevHash()).isEqualTo(first.state().getAuditHash());
    assertThat(later.state().getAuditSeq()).isEqualTo(3);
    assertThat(later.state().getAlertPositions()).containsOnly(
        Map.entry("payment/P029", "0000000000000030/0000000000000031"),
        Map.entry("borrower/B001", "000000000000000F/0000000000000018"));
    // the state handed in is never changed: a rolled-back transaction restores it as it was
    assertThat(first.state().getAlertPositions()).containsOnlyKeys("payment/P029");
    assertThat(first.state().getAuditSeq()).isEqualTo(1);
  }

  private static AlertRaised alert(String id, String changeKey, String position) {
    return AlertRaised.newBuilder().setAlertId(id).setRule(AlertRule.PAYMENT_LATE).setOfficerId("officer-1")
        .setBorrowerId("B001").setLoanId("L001").setText("Payment P029 of loan L001 (borrower B001) is 45 days late")
        .setFigures(Map.of("days_late", "45")).setChangeKey(changeKey).setSourcePosition(position)
        .setCommittedAt(NOW.minusSeconds(1)).setRaisedAt(NOW).setWorkerId("w-1").setTraceId(null).build();
  }
}
