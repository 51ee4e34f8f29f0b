package io.loanofficer.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.gateway.testing.GatewayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The slider is ES modules served without a token: the demo page loads the entry as a module, every
 * module it imports is served as JavaScript, and a dashboard on an allowed origin (the socket's) may
 * load them across origins.
 */
@GatewayTest
class SliderFilesTest {

  private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z]+\\.js)'");
  private static final String DASHBOARD = "http://localhost:8080"; // in gateway.yml's default allowed origins

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDemoPageLoadsTheEntryModuleAndEveryImportedModuleIsServedAsJavaScript() throws Exception {
    assertThat(get("/", null).body()).contains("<script type=\"module\" src=\"/slider/slider.js\" data-dev-login=\"true\">");
    Set<String> served = new LinkedHashSet<>();
    Deque<String> toFetch = new ArrayDeque<>(Set.of("slider.js"));
    while (!toFetch.isEmpty()) {
      String file = toFetch.pop();
      if (!served.add(file)) {
        continue;
      }
      HttpResponse<String> response = get("/slider/" + file, null);
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).as(file).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/javascript"));
      Matcher imports = IMPORT.matcher(response.body());
      while (imports.find()) {
        toFetch.push(imports.group(1));
      }
    }
    assertThat(served).containsExactlyInAnyOrder("slider.js", "panel.js", "format.js", "render.js", "results.js", "dom.js",
        "pii.js", "protocol.js", "identity.js", "alerts.js", "conversation.js");
    assertThat(get("/slider/slider.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void anAllowedDashboardOriginMayLoadTheModulesAndNoOtherOriginMay() throws Exception {
    HttpResponse<String> allowed = get("/slider/panel.js", DASHBOARD);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);

    HttpResponse<String> other = get("/slider/panel.js", "https://elsewhere.test");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void theApiStaysSameOrigin() throws Exception {
    HttpResponse<String> policy = get("/api/pii/policy", DASHBOARD);
    assertThat(policy.statusCode()).isEqualTo(401);
    assertThat(policy.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
