package io.loanofficer.gateway.reveal;

import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends a reveal, once it is on this gateway's audit chain, to chat.turns under its conversation's
 * key: the orchestrator that owns the conversation appends it to the conversation's own chain, so an
 * examiner replaying the conversation sees who was shown which real value. The gateway chain's record
 * is the one the value waited for; this copy is for the replay, and a failure to send it is logged.
 */
public class RevealForwarder {

  private static final Logger log = LoggerFactory.getLogger(RevealForwarder.class);

  private final KafkaTemplate<String, SpecificRecord> kafka;

  public RevealForwarder(KafkaTemplate<String, SpecificRecord> kafka) {
    this.kafka = kafka;
  }

  public void forward(PiiRevealed reveal) {
    try {
      kafka.send(Topic.CHAT_TURNS.topicName(), reveal.getConversationId(), reveal).whenComplete((ok, failure) -> {
        if (failure != null) {
          notForwarded(reveal, failure);
        }
      });
    } catch (RuntimeException refusedAtOnce) {
      notForwarded(reveal, refusedAtOnce);
    }
  }

  private static void notForwarded(PiiRevealed reveal, Throwable failure) {
    log.error("Reveal {} not forwarded to its conversation's chain: {}", reveal.getEventId(),
        failure.getClass().getSimpleName());
  }
}
