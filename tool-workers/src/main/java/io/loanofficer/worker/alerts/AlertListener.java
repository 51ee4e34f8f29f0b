package io.loanofficer.worker.alerts;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.topics.Topic;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs the alert rules on every change of lending.changes (consumer group {@code alert-rules}) and
 * sends what fires to lending.alerts, keyed by the officer's alert chain, in the same Kafka
 * transaction as the consumed offset: a change raises its alert exactly once per group even when a
 * worker dies mid-way. Repeats of a change on the topic are dropped by the chain's writer, by
 * position (ADR 0016).
 */
public class AlertListener {

  private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

  private final AlertRules rules;
  private final KafkaTemplate<String, SpecificRecord> kafka;

  public AlertListener(AlertRules rules, KafkaTemplate<String, SpecificRecord> kafka) {
    this.rules = rules;
    this.kafka = kafka;
  }

  @KafkaListener(id = "alert-rules", groupId = "alert-rules",
      topics = "#{T(io.loanofficer.events.topics.Topic).LENDING_CHANGES.topicName()}")
  public void onChange(LendingChangeCaptured change) {
    Optional<AlertRaised> alert = rules.evaluate(change);
    if (alert.isEmpty()) {
      return;
    }
    AlertRaised raised = alert.get();
    log.info("Alert {} {} on {} at {}", raised.getAlertId(), raised.getRule(), raised.getChangeKey(),
        raised.getSourcePosition());
    kafka.send(Topic.LENDING_ALERTS.topicName(), AuditKeys.alertChain(raised.getOfficerId()), raised);
  }
}
