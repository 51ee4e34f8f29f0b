package io.loanofficer.gateway.security;

import io.loanofficer.events.RefusalKind;
import io.loanofficer.gateway.audit.GatewayAuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers refused requests as the resource server does (401 with WWW-Authenticate, or 403) and
 * records each: one log line (path, status, kind of failure; never the token) and the counter
 * {@code gateway.auth.rejections} tagged by status and path group.
 */
public class RefusalRecorder implements AuthenticationEntryPoint, AccessDeniedHandler {

  private static final Logger log = LoggerFactory.getLogger(RefusalRecorder.class);

  private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
  private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
  private final MeterRegistry meters;
  private final GatewayAuditTrail audit;

  public RefusalRecorder(MeterRegistry meters, GatewayAuditTrail audit) {
    this.meters = meters;
    this.audit = audit;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    record(request, 401, failure.getClass().getSimpleName());
    entryPoint.commence(request, response, failure);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException failure)
      throws IOException {
    record(request, 403, "missing role");
    denied.handle(request, response, failure);
  }

  private void record(HttpServletRequest request, int status, String reason) {
    String path = pathGroup(request.getRequestURI());
    log.warn("Refused {} {}: HTTP {} ({})", request.getMethod(), path, status, reason);
    meters.counter("gateway.auth.rejections", "status", Integer.toString(status), "path", path).increment();
    audit.refused(status == 401 ? RefusalKind.AUTHENTICATION : RefusalKind.AUTHORIZATION, Integer.toString(status),
        reason, path, null);
  }

  /** A bounded set of tag values: the known entry points, else "other". */
  private static String pathGroup(String uri) {
    if (uri == null) {
      return "other";
    }
    if (uri.startsWith("/ws/chat")) {
      return "/ws/chat";
    }
    if (uri.startsWith("/api/examiner/")) {
      return "/api/examiner";
    }
    return uri.startsWith("/api/") ? "/api" : "other";
  }
}
