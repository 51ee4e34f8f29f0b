package io.loanofficer.worker.reveal;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.identity.TokenDecoders;
import io.loanofficer.identity.UserClaims;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolException;
import io.loanofficer.tools.pii.PiiRevealer;
import io.loanofficer.tools.pii.RevealLimitExceeded;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker's side of revealing a PII token. Two credentials, both required: the gateway's service
 * token (compared in constant time: only the gateway calls here) and the user's own JWT, relayed by
 * the gateway and verified here as the gateway verifies it, so the worker takes the user's identity
 * from the IdP's signature, not from the caller's word. It answers over HTTP, not Kafka, so that the
 * value never lands in a retained, audited, SIEM-fed topic (ADR 0005). The gateway audits the outcome
 * before passing a value on; this side logs the outcome, never the value.
 */
@RestController
public class RevealController {

  public static final String PATH = "/internal/pii/reveal";
  public static final String SERVICE_TOKEN_HEADER = "X-Reveal-Service-Token";

  private static final Logger log = LoggerFactory.getLogger(RevealController.class);

  /** What is asked; who asks is the relayed token's business. */
  public record Request(String conversationId, String token) {}

  public record Revealed(String kind, String value, String borrowerId) {}

  public record ErrorBody(String code, String message) {}

  private final PiiRevealer revealer;
  private final RevealProperties properties;
  private final JwtDecoder users;

  public RevealController(PiiRevealer revealer, RevealProperties properties) {
    this.revealer = revealer;
    this.properties = properties;
    // with revealing on, a worker that cannot verify users' tokens does not start
    this.users = properties.enabled() ? TokenDecoders.create(properties.tokenSettings()) : null;
  }

  @PostMapping(PATH)
  public ResponseEntity<?> reveal(@RequestHeader(value = SERVICE_TOKEN_HEADER, required = false) String serviceToken,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody Request request) {
    if (!properties.enabled()) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "revealing is not configured on this worker");
    }
    if (serviceToken == null || !MessageDigest.isEqual(serviceToken.getBytes(StandardCharsets.UTF_8),
        properties.serviceToken().getBytes(StandardCharsets.UTF_8))) {
      log.warn("PII reveal refused: missing or wrong service token");
      return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "service token");
    }
    Jwt user;
    try {
      if (authorization == null || !authorization.startsWith("Bearer ")) {
        throw new BadJwtException("no bearer token");
      }
      user = users.decode(authorization.substring("Bearer ".length()).trim());
      if (user.getSubject() == null || user.getSubject().isBlank()) {
        throw new BadJwtException("no subject");
      }
    } catch (JwtException e) {
      log.warn("PII reveal refused: the user's token does not verify");
      return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "user token");
    }
    Caller caller = new Caller(user.getSubject(), Set.copyOf(UserClaims.roles(user)), UserClaims.officerId(user));
    try {
      PiiRevealer.Revealed revealed = revealer.reveal(caller, request.conversationId(), request.token());
      log.info("PII reveal {} in {} -> REVEALED ({})", revealed.kind(), request.conversationId(), revealed.borrowerId());
      return ResponseEntity.ok().cacheControl(CacheControl.noStore())
          .body(new Revealed(revealed.kind().name(), revealed.value(), revealed.borrowerId()));
    } catch (ToolException e) {
      log.info("PII reveal in {} -> {}", request.conversationId(), e.outcome());
      return error(statusOf(e.outcome()), e.outcome().name(), e.getMessage());
    } catch (RevealLimitExceeded e) {
      log.warn("PII reveal in {} -> RATE_LIMITED", request.conversationId());
      return error(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", e.getMessage());
    }
  }

  private static HttpStatus statusOf(ToolOutcome outcome) {
    switch (outcome) {
      case FORBIDDEN:
        return HttpStatus.FORBIDDEN;
      case NOT_FOUND:
        return HttpStatus.NOT_FOUND;
      case INVALID_ARGUMENT:
        return HttpStatus.BAD_REQUEST;
      default:
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
  }

  private static ResponseEntity<ErrorBody> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(new ErrorBody(code, message));
  }
}
