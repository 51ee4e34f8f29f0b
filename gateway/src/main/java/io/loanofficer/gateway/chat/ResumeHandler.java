package io.loanofficer.gateway.chat;

import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.UserRef;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.gateway.transcript.Conversation;
import io.loanofficer.gateway.transcript.Conversation.Exchange;
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
    String conversationId = ClientFrameFields.conversationId(frame);
    if (conversationId == null) {
      sessions.send(sessionId, frames.error(clientRef, ErrorCode.INVALID_MESSAGE,
          "resume needs a conversationId: 1-64 letters, digits, . _ : -, not starting with gateway- or alerts-"));
      return;
    }
    sessions.attach(conversationId, sessionId, identity.userId());
    executor.execute(() -> answer(sessionId, identity, conversationId, clientRef));
  }

  /**
   * A {@code user_message} sent again with {@code "resend": true} after a reconnect: the client cannot
   * know whether its question was accepted before its socket went. When the conversation already holds
   * a turn of this user with this clientMessageId (the latest, if several), the answer is that turn's
   * {@code accepted} frame and, once it has one, its final frame (its live frames come too, as after a
   * resume: clients deduplicate by turnId); otherwise the question is taken as new ({@code asNew}). So a
   * question resent any number of times is one turn with one final reply. The clientMessageId must be
   * unique in the conversation for the client that resends.
   */
  public void resend(String sessionId, ChatIdentity identity, String conversationId, String clientRef, Runnable asNew) {
    sessions.attach(conversationId, sessionId, identity.userId());
    executor.execute(() -> {
      Conversation conversation = readOwn(sessionId, identity, conversationId, clientRef);
      if (conversation == null) {
        return;
      }
      Exchange earlier = null;
      for (Exchange exchange : conversation.exchanges()) {
        if (clientRef.equals(exchange.turn().getClientMessageId())) {
          earlier = exchange;
        }
      }
      if (earlier == null) {
        asNew.run();
        return;
      }
      ChatTurnSubmitted turn = earlier.turn();
      sessions.send(sessionId, frames.accepted(clientRef, conversationId, turn.getTurnId(), turn.getMaskedInText()));
      if (earlier.reply() != null) {
        sessions.send(sessionId, frames.reply(earlier.reply()));
      }
    });
  }

  private void answer(String sessionId, ChatIdentity identity, String conversationId, String clientRef) {
    Conversation conversation = readOwn(sessionId, identity, conversationId, clientRef);
    if (conversation != null) {
      sessions.send(sessionId, frames.history(conversationId, conversation.exchanges(), ChatSessions.HISTORY_LIMIT_BYTES));
    }
  }

  /** The conversation, or null after telling the client why not (unreadable, another user's); detached then. */
  private Conversation readOwn(String sessionId, ChatIdentity identity, String conversationId, String clientRef) {
    Conversation conversation;
    try {
      conversation = reader.read(conversationId);
    } catch (RuntimeException e) {
      sessions.detach(conversationId, sessionId);
      log.error("History of conversation {} not readable: {}", conversationId, e.getClass().getSimpleName());
      sessions.send(sessionId, frames.error(clientRef, conversationId, ErrorCode.UNAVAILABLE,
          "The conversation's history is unavailable; please retry."));
      return null;
    }
    if (!conversation.isEmpty() && !conversation.belongsTo(identity.userId())) {
      sessions.detach(conversationId, sessionId);
      log.warn("Resume of conversation {} refused for {}: another user's conversation", conversationId,
          UserRef.of(identity.userId()));
      sessions.send(sessionId, frames.error(clientRef, conversationId, ErrorCode.FORBIDDEN,
          "This conversation belongs to another user."));
      return null;
    }
    return conversation;
  }
}
