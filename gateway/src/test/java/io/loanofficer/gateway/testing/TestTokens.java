package io.loanofficer.gateway.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** HS256 tokens as the IdP would issue them for the test gateway, and broken variants of them. */
public final class TestTokens {

  public static final String SECRET = "gateway-test-secret-of-at-least-32-bytes!";
  public static final String ISSUER = "https://idp.test/issuer";
  public static final String AUDIENCE = "loanofficer-gateway";

  private TestTokens() {}

  public static String valid(String userId, String... roles) {
    return token(userId, List.of(roles), ISSUER, AUDIENCE, Duration.ofMinutes(10), SECRET);
  }

  public static String expiringIn(Duration ttl, String userId, String... roles) {
    return token(userId, List.of(roles), ISSUER, AUDIENCE, ttl, SECRET);
  }

  public static String token(String userId, List<String> roles, String issuer, String audience, Duration ttl,
      String secret) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(userId)
        .issueTime(Date.from(now.minusSeconds(5)))
        .expirationTime(Date.from(now.plus(ttl)));
    if (roles != null) {
      claims.claim("roles", roles);
    }
    if (issuer != null) {
      claims.issuer(issuer);
    }
    if (audience != null) {
      claims.audience(audience);
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
          claims.build());
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same token with its payload rewritten (e.g. roles raised to ADMIN) and the old signature kept. */
  public static String withPayloadReplaced(String token, String from, String to) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    if (!payload.contains(from)) {
      throw new IllegalArgumentException("payload has no " + from);
    }
    String edited = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + edited + "." + parts[2];
  }
}
