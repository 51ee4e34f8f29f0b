package io.loanofficer.worker.reveal;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolException;
import io.loanofficer.tools.pii.PiiRevealer;
import io.loanofficer.tools.pii.RevealLimitExceeded;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker's side of revealing a PII token, for the gateway only (a service token, compared in
 * constant time). It answers over HTTP, not Kafka, so that the value never lands in a retained,
 * audited, SIEM-fed topic (ADR 0005). The gateway audits the outcome before passing a value on; this
 * side logs the outcome, never the value.
 */
@RestController
public class RevealController {

  public static final String PATH = "/internal/pii/reveal";
  public static final String SERVICE_TOKEN_HEADER = "X-Reveal-Service-Token";

  private static final Logger log = LoggerFactory.getLogger(RevealController.class);

  /** Who asks (as the gateway authenticated them) and what. */
  public record Request(String conversationId, String token, String userId, List<String> roles, String officerId) {}

  public record Revealed(String kind, String value, String borrowerId) {}

  public record ErrorBody(String code, String message) {}

  private final PiiRevealer revealer;
  private final RevealProperties properties;

  public RevealController(PiiRevealer revealer, RevealProperties properties) {
    this.revealer = revealer;
    this.properties = properties;
  }

  @PostMapping(PATH)
  public ResponseEntity<?> reveal(@RequestHeader(value = SERVICE_TOKEN_HEADER, required = false) String serviceToken,
      @RequestBody Request request) {
    if (!properties.enabled()) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "revealing is not configured on this worker");
    }
    if (serviceToken == null || !MessageDigest.isEqual(serviceToken.getBytes(StandardCharsets.UTF_8),
        properties.serviceToken().getBytes(StandardCharsets.UTF_8))) {
      log.warn("PII reveal refused: missing or wrong service token");
      return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "service token");
    }
    if (request.userId() == null || request.userId().isBlank() || request.roles() == null) {
      return error(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "user and roles are required");
    }
    Caller caller = new Caller(request.userId(), Set.copyOf(request.roles()), request.officerId());
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
