package io.loanofficer.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A pseudonymous reference to a user for log lines: the first 12 hex digits of SHA-256 of the user
 * id. Logs never carry tokens or user ids; an operator who knows the id can compute the reference.
 */
public final class UserRef {

  private UserRef() {}

  public static String of(String userId) {
    if (userId == null) {
      return "u:none";
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
      return "u:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
