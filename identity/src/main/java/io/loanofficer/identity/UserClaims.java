package io.loanofficer.identity;

import java.util.Collection;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who a verified token names: the subject is the user, {@code roles} their roles, {@code officer_id} their portfolio. */
public final class UserClaims {

  private UserClaims() {}

  /** The string entries of the {@code roles} claim (empty when there is none). */
  public static List<String> roles(Jwt jwt) {
    Object claim = jwt.getClaims().get("roles");
    if (claim instanceof Collection<?> values) {
      return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }

  /** The portfolio the user is the officer of: the {@code officer_id} claim, else the subject. */
  public static String officerId(Jwt jwt) {
    String officer = jwt.getClaimAsString("officer_id");
    return officer == null || officer.isBlank() ? jwt.getSubject() : officer;
  }
}
