package io.loanofficer.chatclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Tokens from a gateway's local-profile dev endpoint ({@code POST /api/dev/token}); it does not exist elsewhere. */
public final class DevTokens {

  private DevTokens() {}

  /** A token for this user with these roles, from the gateway at {@code base}. */
  public static String fetch(URI base, String userId, String... roles) throws IOException, InterruptedException {
    String body = JsonMapper.shared().writeValueAsString(Map.of("userId", userId, "roles", List.of(roles)));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(base.resolve("/api/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("dev token: HTTP " + response.statusCode() + " " + response.body());
    }
    return JsonMapper.shared().readTree(response.body()).get("token").asString();
  }
}
