package io.loanofficer.gateway.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.JOSEObjectType;
import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.gateway.security.Roles;
import io.loanofficer.gateway.security.SecurityProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Demo and test tokens. Exists only in the local profile: production tokens come from the bank's IdP.
 * They carry the configured issuer and audience, so that local runs take the same validation path.
 */
@RestController
@Profile("local")
public class DevTokenController {

  private static final Set<String> ROLES = Roles.ALL;

  public record TokenRequest(String userId, List<String> roles, String officerId, Long ttlSeconds) {}

  private final byte[] secret;
  private final SecurityProperties security;

  public DevTokenController(GatewayProperties properties, SecurityProperties security) {
    if (security.hasJwksUri()) {
      throw new IllegalStateException("The local profile's dev tokens are HS256: unset gateway.security.jwks-uri");
    }
    this.secret = properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
    this.security = security;
  }

  @PostMapping("/api/dev/token")
  public Map<String, String> token(@RequestBody TokenRequest request) throws JOSEException {
    if (request.userId() == null || !request.userId().matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "userId: 1-64 letters, digits, . _ -");
    }
    List<String> roles = request.roles() == null ? List.of("LOAN_OFFICER") : request.roles();
    if (!ROLES.containsAll(roles)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "roles: any of " + ROLES);
    }
    Instant now = Instant.now();
    long ttl = request.ttlSeconds() == null ? Duration.ofHours(8).toSeconds() : request.ttlSeconds();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(request.userId())
        .issuer(security.hasIssuer() ? security.issuer() : "loanofficer-local")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(ttl)))
        .claim("roles", roles);
    if (security.hasAudience()) {
      claims.audience(security.audience());
    }
    if (request.officerId() != null) {
      claims.claim("officer_id", request.officerId());
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
    jwt.sign(new MACSigner(secret));
    return Map.of("token", jwt.serialize());
  }
}
