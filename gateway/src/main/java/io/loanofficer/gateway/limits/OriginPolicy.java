package io.loanofficer.gateway.limits;

import java.util.Collection;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Browsers may open the socket only from the allowed origins: any other Origin is answered 403 at
 * the upgrade, and recorded. Requests without an Origin header (non-browser clients) pass.
 */
public class OriginPolicy extends OriginHandshakeInterceptor {

  private final LimitRecorder recorder;

  public OriginPolicy(Collection<String> allowedOrigins, LimitRecorder recorder) {
    super(allowedOrigins);
    this.recorder = recorder;
  }

  @Override
  public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Map<String, Object> attributes) throws Exception {
    boolean allowed = super.beforeHandshake(request, response, handler, attributes);
    if (!allowed) {
      String user = request.getPrincipal() == null ? null : request.getPrincipal().getName();
      recorder.refused(Limit.ORIGIN, user, "origin not allowed (" + originHost(request.getHeaders()) + ")");
    }
    return allowed;
  }

  /** Only the origin's scheme and host for the log; it is not personal data but is bounded anyway. */
  private static String originHost(HttpHeaders headers) {
    String origin = headers.getOrigin();
    return origin == null ? "none" : origin.length() > 80 ? origin.substring(0, 80) : origin.replaceAll("[\\r\\n]", "");
  }
}
