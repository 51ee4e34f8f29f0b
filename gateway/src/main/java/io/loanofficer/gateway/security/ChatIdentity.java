package io.loanofficer.gateway.security;

import io.loanofficer.identity.UserClaims;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is on a socket: from the token's subject, {@code roles} and {@code officer_id} claims, and
 * until when the token is valid.
 */
public record ChatIdentity(String userId, List<String> roles, String officerId, Instant expiresAt) {

  public static ChatIdentity of(Principal principal) {
    if (!(principal instanceof JwtAuthenticationToken token)) {
      throw new IllegalStateException("The socket has no JWT principal");
    }
    Jwt jwt = token.getToken();
    List<String> roles = UserClaims.roles(jwt).stream().filter(Roles.ALL::contains).toList();
    return new ChatIdentity(jwt.getSubject(), roles, UserClaims.officerId(jwt), jwt.getExpiresAt());
  }

  /** EXAMINER (audit only) may not chat. */
  public boolean mayChat() {
    return roles.stream().anyMatch(Roles.MAY_CHAT::contains);
  }
}
