package io.loanofficer.gateway.chat;

import io.loanofficer.audit.AuditKeys;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reading ids and strings out of client frames. */
public final class ClientFrameFields {

  /** clientMessageId and conversationId: 1-64 letters, digits, . _ : - (conversations: not gateway-...) */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private ClientFrameFields() {}

  public static String text(JsonNode frame, String field) {
    JsonNode node = frame.get(field);
    return node != null && node.isString() ? node.asString() : null;
  }

  /**
   * The conversation id of a frame when it is a well-formed id that a conversation may have (not a
   * gateway's or an alert audit chain id), else null.
   */
  public static String conversationId(JsonNode frame) {
    String value = text(frame, "conversationId");
    return isConversationId(value) ? value : null;
  }

  /** A well-formed id that a conversation may have (not a gateway's or an alert audit chain id). */
  public static boolean isConversationId(String value) {
    return value != null && ID.matcher(value).matches() && !AuditKeys.isServiceChain(value);
  }

  /** The field when it is a well-formed id, else null. */
  public static String id(JsonNode frame, String field) {
    String value = text(frame, field);
    return value != null && ID.matcher(value).matches() ? value : null;
  }
}
