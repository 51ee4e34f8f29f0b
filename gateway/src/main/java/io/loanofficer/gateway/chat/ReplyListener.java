package io.loanofficer.gateway.chat;

import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.topics.Topics;
import io.loanofficer.gateway.limits.TurnsInFlight;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Every gateway instance reads all of chat.replies (a consumer group of its own) and pushes each
 * frame to the sockets it holds for that conversation; instances that hold none drop it. A final
 * reply also ends its turn's place among the user's turns in flight. An alert goes to the sockets of
 * its officer and of subscribed analysts.
 */
public class ReplyListener {

  private final ChatSessions sessions;
  private final Frames frames;
  private final TurnsInFlight inFlight;
  private final AcceptanceGate gate;
  private final TurnMeters turnMeters;

  public ReplyListener(ChatSessions sessions, Frames frames, TurnsInFlight inFlight, AcceptanceGate gate,
      TurnMeters turnMeters) {
    this.sessions = sessions;
    this.frames = frames;
    this.inFlight = inFlight;
    this.gate = gate;
    this.turnMeters = turnMeters;
  }

  @KafkaListener(id = "replies", groupId = "gateway-${gateway.instance-id}",
      topics = "#{T(io.loanofficer.events.topics.Topic).CHAT_REPLIES.topicName()}",
      properties = "auto.offset.reset=latest")
  public void onReply(SpecificRecord event) {
    Topics.CHAT_REPLIES.accept(event, this::onFinalReply, this::onProgress, this::onAlert);
  }

  private void onFinalReply(ChatReplyProduced reply) {
    Instant acceptedAt = inFlight.release(reply.getTurnId());
    if (acceptedAt != null) {
      turnMeters.finished(acceptedAt, reply);
    }
    String frame = frames.reply(reply);
    gate.afterAccepted(reply.getTurnId(), () -> sessions.deliver(reply.getConversationId(), reply.getUserId(), frame));
  }

  private void onProgress(ChatProgress progress) {
    String frame = frames.progress(progress);
    gate.afterAccepted(progress.getTurnId(),
        () -> sessions.deliver(progress.getConversationId(), progress.getUserId(), frame));
  }

  /** Recorded on the officer's alert chain in the transaction that put it here (ADR 0016). */
  private void onAlert(AlertRaised alert) {
    sessions.deliverAlert(alert.getOfficerId(), frames.alert(alert));
  }
}
