package io.loanofficer.gateway.dev;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local profile only: where the run command's trace UI (Zipkin) shows a trace, so that the demo
 * slider links each answer's trace id there. {@code {}} when no trace UI is configured
 * ({@code TRACE_UI_URL}, which the run command sets when it starts Zipkin).
 */
@RestController
@Profile("local")
public class DevObservabilityController {

  private final String traceUrl;

  public DevObservabilityController(@Value("${gateway.dev.trace-url:}") String traceUrl) {
    this.traceUrl = traceUrl;
  }

  @GetMapping("/api/dev/observability")
  public Map<String, String> observability() {
    return traceUrl.contains("{traceId}") ? Map.of("traceUrl", traceUrl) : Map.of();
  }
}
