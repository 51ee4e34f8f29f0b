package io.loanofficer.gateway.security;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is on a socket: from the token's subject, `roles` and `officer_id` claims. */
public record ChatIdentity(String userId, List<String> roles, String officerId) {

  public static final Set<String> CHAT_ROLES = Set.of("LOAN_OFFICER", "CREDIT_ANALYST", "ADMIN");

  public static ChatIdentity of(Principal principal) {
    if (!(principal instanceof JwtAuthenticationToken token)) {
      throw new IllegalStateException("The socket has no JWT principal");
    }
    Jwt jwt = token.getToken();
    List<String> roles = jwt.hasClaim("roles") ? jwt.getClaimAsStringList("roles") : List.of();
    String officer = jwt.getClaimAsString("officer_id");
    return new ChatIdentity(jwt.getSubject(), List.copyOf(roles), officer == null || officer.isBlank() ? jwt.getSubject() : officer);
  }

  /** EXAMINER (audit only) may not chat. */
  public boolean mayChat() {
    return roles.stream().anyMatch(CHAT_ROLES::contains);
  }
}
