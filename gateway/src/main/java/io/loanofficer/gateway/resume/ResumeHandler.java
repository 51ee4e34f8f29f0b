package io.loanofficer.gateway.resume;

import io.loanofficer.gateway.chat.ChatSessions;
import io.loanofficer.gateway.chat.ErrorCode;
import io.loanofficer.gateway.chat.FrameIds;
import io.loanofficer.gateway.chat.Frames;
import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.UserRef;
import io.loanofficer.gateway.transcript.Conversation;
import io.loanofficer.gateway.transcript.TranscriptReader;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code {"type":"resume","conversationId":"..."}} (a compatible extension of protocol v1): a client
 * that reconnected, to this or any other gateway instance, takes its conversation up again. The
 * socket is attached to the conversation first, so no reply falls between the history and the live
 * frames (a reply may come both ways; clients deduplicate by turnId), then the history is rebuilt
 * from the conversation's partition of chat.turns and chat.replies and sent as
 * {@code {"type":"history","conversationId":"...","messages":[...]}}. A conversation of another
 * user is refused with FORBIDDEN and the socket detached again. Reading Kafka happens off the
 * socket's thread.
 */
public class ResumeHandler {

  private static final Logger log = LoggerFactory.getLogger(ResumeHandler.class);

  private final TranscriptReader reader;
  private final ChatSessions sessions;
  private final Frames frames;
  private final Executor executor;

  public ResumeHandler(TranscriptReader reader, ChatSessions sessions, Frames frames, Executor executor) {
    this.reader = reader;
    this.sessions = sessions;
    this.frames = frames;
    this.executor = executor;
  }

  public void resume(String sessionId, ChatIdentity identity, JsonNode frame, String clientRef) {
    String conversationId = FrameIds.conversationId(frame);
    if (conversationId == null) {
      sessions.send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE,
          "resume needs a conversationId: 1-64 letters, digits, . _ : -, not starting with gateway- or alerts-"));
      return;
    }
    sessions.attach(conversationId, sessionId, identity.userId());
    executor.execute(() -> answer(sessionId, identity, conversationId, clientRef));
  }

  private void answer(String sessionId, ChatIdentity identity, String conversationId, String clientRef) {
    Conversation conversation;
    try {
      conversation = reader.read(conversationId);
    } catch (RuntimeException e) {
      sessions.detach(conversationId, sessionId);
      log.error("History of conversation {} not readable: {}", conversationId, e.getClass().getSimpleName());
      sessions.send(sessionId, frames.error(clientRef, conversationId, ErrorCode.UNAVAILABLE,
          "The conversation's history is unavailable; please retry."));
      return;
    }
    if (!conversation.isEmpty() && !conversation.belongsTo(identity.userId())) {
      sessions.detach(conversationId, sessionId);
      log.warn("Resume of conversation {} refused for {}: another user's conversation", conversationId,
          UserRef.of(identity.userId()));
      sessions.send(sessionId, frames.error(clientRef, conversationId, ErrorCode.FORBIDDEN,
          "This conversation belongs to another user."));
      return;
    }
    sessions.send(sessionId, frames.history(conversationId, conversation.exchanges()));
  }
}
