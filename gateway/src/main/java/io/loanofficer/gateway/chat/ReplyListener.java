package io.loanofficer.gateway.chat;

import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Every gateway instance reads all of chat.replies (a consumer group of its own) and pushes each
 * frame to the sockets it holds for that conversation; instances that hold none drop it.
 */
public class ReplyListener {

  private final ChatSessions sessions;
  private final Frames frames;

  public ReplyListener(ChatSessions sessions, Frames frames) {
    this.sessions = sessions;
    this.frames = frames;
  }

  @KafkaListener(id = "replies", groupId = "gateway-${gateway.instance-id}",
      topics = "#{T(io.loanofficer.events.topics.Topic).CHAT_REPLIES.topicName()}",
      properties = "auto.offset.reset=latest")
  public void onReply(SpecificRecord event) {
    if (event instanceof ChatReplyProduced reply) {
      sessions.deliver(reply.getConversationId(), reply.getUserId(), frames.reply(reply));
    } else if (event instanceof ChatProgress progress) {
      sessions.deliver(progress.getConversationId(), progress.getUserId(), frames.progress(progress));
    }
  }
}
