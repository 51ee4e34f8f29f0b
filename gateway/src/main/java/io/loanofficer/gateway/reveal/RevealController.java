package io.loanofficer.gateway.reveal;

import io.loanofficer.events.Actor;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.gateway.audit.GatewayAuditTrail;
import io.loanofficer.gateway.chat.ClientFrameFields;
import io.loanofficer.gateway.limits.Limit;
import io.loanofficer.gateway.limits.LimitRecorder;
import io.loanofficer.gateway.limits.UserRateLimiter;
import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.UserRef;
import io.loanofficer.pii.PiiKind;
import io.loanofficer.pii.PiiToken;
import io.loanofficer.pii.RevealPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The real value behind a PII token, for a user whose role and portfolio allow it (docs/guardrails.md,
 * ADR 0005). Every attempt that reaches a decision is audited on this gateway's chain; a value leaves
 * only after its {@code PiiRevealed} record is in Kafka, and a reveal is also forwarded to its
 * conversation's chain ({@link RevealForwarder}). Responses are never cached; logs name the
 * kind and the outcome, never the value.
 */
@RestController
@Tag(name = "pii", description = "Real values behind PII tokens, for the roles and portfolios that may see them")
@SecurityRequirement(name = "bearer")
public class RevealController {

  public static final String METER = "gateway.pii.reveals";
  static final String PATH = "/api/pii/reveal";
  private static final Logger log = LoggerFactory.getLogger(RevealController.class);

  public record Request(String conversationId, String token) {}

  public record Revealed(String token, String kind, String value, String borrowerId) {}

  public record Policy(List<String> revealable) {}

  public record ErrorBody(String code, String message) {}

  private final WorkerRevealClient worker;
  private final GatewayAuditTrail audit;
  private final RevealForwarder forwarder;
  private final UserRateLimiter rate;
  private final LimitRecorder limits;
  private final MeterRegistry meters;

  public RevealController(WorkerRevealClient worker, GatewayAuditTrail audit, RevealForwarder forwarder,
      LimitRecorder limits, MeterRegistry meters, RevealProperties properties,
      @Qualifier("gatewayTimers") ScheduledExecutorService timers) {
    this.worker = worker;
    this.audit = audit;
    this.forwarder = forwarder;
    this.limits = limits;
    this.meters = meters;
    // every outcome's series exists from the start (at 0), so a dashboard or an alert on reveals sees a rate, not a gap
    for (RevealOutcome outcome : RevealOutcome.values()) {
      meters.counter(METER, "outcome", outcome.name());
    }
    // its own limiter, not a bean: the chat's frame limiter is the UserRateLimiter others inject
    this.rate = new UserRateLimiter(properties.perPeriod(), properties.period());
    long every = Math.max(1_000, properties.period().toMillis());
    timers.scheduleWithFixedDelay(rate::evictIdle, every, every, TimeUnit.MILLISECONDS);
  }

  /** The kinds the caller's role may reveal, so that the panel offers only what can succeed. */
  @GetMapping("/api/pii/policy")
  @Operation(summary = "The PII kinds the caller's role may reveal (LOAN_OFFICER: ADDRESS, EMAIL, PHONE; others none)")
  @ApiResponse(responseCode = "200", description = "the kinds")
  @ApiResponse(responseCode = "401", description = "no valid token")
  public ResponseEntity<Policy> policy(Principal principal) {
    ChatIdentity user = ChatIdentity.of(principal);
    List<String> kinds = RevealPolicy.revealableBy(user.roles()).stream().map(PiiKind::name).sorted().toList();
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new Policy(kinds));
  }

  @PostMapping(PATH)
  @Operation(summary = "The real value behind a token of a conversation, audited before it is returned",
      description = "Only a LOAN_OFFICER, only contact data (e-mail, phone, address), only of a borrower in the "
          + "officer's own portfolio, only with the conversation the token was issued in. Every decided attempt is "
          + "a PiiRevealed audit record (never the value). Responses are not cached.")
  @ApiResponse(responseCode = "200", description = "the value, its kind and whose it is")
  @ApiResponse(responseCode = "400", description = "INVALID_ARGUMENT: not a token, or a malformed conversation id")
  @ApiResponse(responseCode = "401", description = "no valid token")
  @ApiResponse(responseCode = "403", description = "FORBIDDEN: the role may not reveal this kind")
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no value the caller may see has this token in this conversation")
  @ApiResponse(responseCode = "429", description = "RATE_LIMITED: too many reveals (Retry-After)")
  @ApiResponse(responseCode = "503", description = "UNAVAILABLE: no worker answered, or the reveal could not be audited")
  public ResponseEntity<?> reveal(@RequestBody(required = false) Request request, Principal principal) {
    ChatIdentity user = ChatIdentity.of(principal);
    Optional<PiiToken> parsed = request == null ? Optional.empty() : PiiToken.parse(request.token());
    if (parsed.isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "token must be a PII token such as [EMAIL_1a2b3c]");
    }
    if (!ClientFrameFields.isConversationId(request.conversationId())) {
      return error(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "conversationId is required");
    }
    PiiToken token = parsed.get();
    String conversationId = request.conversationId();
    UserRateLimiter.Decision decision = rate.tryAcquire(user.userId());
    if (!decision.allowed()) {
      limits.refused(Limit.REVEAL_RATE, user.userId(), "reveals per period exceeded", PATH);
      long seconds = Math.max(1, decision.retryAfter().toSeconds());
      return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
          .cacheControl(CacheControl.noStore())
          .body(new ErrorBody("RATE_LIMITED", "Too many reveals; try again in " + seconds + " s"));
    }
    Actor actor = new Actor(user.userId(), List.copyOf(user.roles()), user.officerId());
    if (!RevealPolicy.mayReveal(user.roles(), token.kind())) {
      return refused(conversationId, token, actor, RevealOutcome.FORBIDDEN, HttpStatus.FORBIDDEN,
          "Your role may not reveal " + token.kind());
    }
    String userToken = ((JwtAuthenticationToken) principal).getToken().getTokenValue();
    WorkerRevealClient.Answer answer = worker.reveal(userToken, conversationId, token.text());
    if (answer instanceof WorkerRevealClient.Revealed revealed) {
      try {
        forwarder.forward(audit.revealed(conversationId, token, RevealOutcome.REVEALED, revealed.borrowerId(), actor));
      } catch (IllegalStateException notAudited) {
        // no audit record, no value
        log.error("PII reveal of {} in {} by {} withheld: {}", token.kind(), conversationId, UserRef.of(user.userId()),
            notAudited.getMessage());
        count(RevealOutcome.UNAVAILABLE);
        return error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "The reveal could not be recorded; nothing was revealed");
      }
      logOutcome(token, conversationId, actor, RevealOutcome.REVEALED);
      return ResponseEntity.ok().cacheControl(CacheControl.noStore())
          .body(new Revealed(token.text(), revealed.kind(), revealed.value(), revealed.borrowerId()));
    }
    if (answer instanceof WorkerRevealClient.Refused refusal) {
      switch (refusal.status()) {
        case 403:
          return refused(conversationId, token, actor, RevealOutcome.FORBIDDEN, HttpStatus.FORBIDDEN,
              "Your role may not reveal " + token.kind());
        case 404:
          return refused(conversationId, token, actor, RevealOutcome.NOT_FOUND, HttpStatus.NOT_FOUND,
              "No value you may see has this token in this conversation");
        case 429:
          // the workers' limit, counted over every gateway (this gateway's own limiter counts only here)
          limits.refused(Limit.REVEAL_RATE, user.userId(), "revealed values per hour exceeded", PATH);
          return error(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many revealed values this hour; try later");
        default:
          return error(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", refusal.message());
      }
    }
    log.warn("PII reveal unavailable: {}", ((WorkerRevealClient.Unavailable) answer).why());
    return refused(conversationId, token, actor, RevealOutcome.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE,
        "Revealing is unavailable; try later");
  }

  /** A decided attempt that reveals nothing: audited as well as possible, answered in any case. */
  private ResponseEntity<ErrorBody> refused(String conversationId, PiiToken token, Actor actor, RevealOutcome outcome,
      HttpStatus status, String message) {
    try {
      audit.revealed(conversationId, token, outcome, null, actor);
    } catch (IllegalStateException notAudited) {
      log.error("PII reveal attempt ({}) not audited: {}", outcome, notAudited.getMessage());
    }
    logOutcome(token, conversationId, actor, outcome);
    return error(status, outcome.name(), message);
  }

  private void logOutcome(PiiToken token, String conversationId, Actor actor, RevealOutcome outcome) {
    log.info("PII reveal of {} in {} by {} -> {}", token.kind(), conversationId, UserRef.of(actor.getUserId()), outcome);
    count(outcome);
  }

  private void count(RevealOutcome outcome) {
    meters.counter(METER, "outcome", outcome.name()).increment();
  }

  private static ResponseEntity<ErrorBody> error(HttpStatus status, String code, String message) {
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(new ErrorBody(code, message));
  }
}
