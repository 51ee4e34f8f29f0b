package io.loanofficer.tools.pii;

import io.loanofficer.pii.PiiKind;
import io.loanofficer.pii.PiiToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a personal value by a token stable within one conversation and unlinkable across
 * conversations: {@code [EMAIL_<first 6 hex of HMAC-SHA256(secret, conversationId NUL value)>]}.
 * The same e-mail in two answers of one conversation gets the same token (the model can tell that two
 * rows are the same person); in another conversation it gets another one. Without the secret a token
 * cannot be tied back to a value, even by hashing candidate values.
 */
public final class PiiTokenizer {

  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public PiiTokenizer(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException("PII token secret is not set (tools.pii.token-secret / PII_TOKEN_SECRET)");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  public String token(PiiKind kind, String conversationId, String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(String.valueOf(conversationId).getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return PiiToken.of(kind, HexFormat.of().formatHex(digest, 0, 3)).text();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
