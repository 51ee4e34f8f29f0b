package io.loanofficer.gateway.reveal;

import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks a tool worker for the value behind a token, over HTTP (never Kafka: the value must not land in
 * a retained topic), with the gateway's service token and the user's own JWT. The worker verifies
 * both and checks the role and the portfolio itself. The request is observed: its span is a child of
 * the reveal's, and its {@code traceparent} header continues the trace in the worker.
 */
public class WorkerRevealClient {

  static final String PATH = "/internal/pii/reveal";
  static final String SERVICE_TOKEN_HEADER = "X-Reveal-Service-Token";

  /** The worker's answer: a value, a refusal with its code, or no answer at all. */
  public sealed interface Answer permits Revealed, Refused, Unavailable {}

  public record Revealed(String kind, String value, String borrowerId) implements Answer {}

  public record Refused(int status, String code, String message) implements Answer {}

  public record Unavailable(String why) implements Answer {}

  record WorkerRequest(String conversationId, String token) {}

  record WorkerError(String code, String message) {}

  private final RestClient http;
  private final RevealProperties properties;

  public WorkerRevealClient(RevealProperties properties) {
    this(properties, null, ObservationRegistry.NOOP);
  }

  /**
   * @param tls the TLS context of an https worker URL (trust in the workers' certificate, and the
   *     gateway's client certificate for mTLS), or null for the JVM's defaults
   */
  public WorkerRevealClient(RevealProperties properties, SSLContext tls, ObservationRegistry observations) {
    this.properties = properties;
    ClientHttpRequestFactory requests;
    if (tls == null) {
      SimpleClientHttpRequestFactory simple = new SimpleClientHttpRequestFactory();
      simple.setConnectTimeout(properties.timeout());
      simple.setReadTimeout(properties.timeout());
      requests = simple;
    } else {
      JdkClientHttpRequestFactory jdk = new JdkClientHttpRequestFactory(
          HttpClient.newBuilder().sslContext(tls).connectTimeout(properties.timeout()).build());
      jdk.setReadTimeout(properties.timeout());
      requests = jdk;
    }
    this.http = RestClient.builder().baseUrl(properties.workerUrl()).requestFactory(requests)
        .observationRegistry(observations).build();
  }

  /** @param userToken the user's own JWT, relayed: the worker verifies it and takes the user from it */
  public Answer reveal(String userToken, String conversationId, String token) {
    if (!properties.enabled()) {
      return new Unavailable("revealing is not configured (PII_REVEAL_SERVICE_TOKEN)");
    }
    try {
      return http.post().uri(PATH)
          .contentType(MediaType.APPLICATION_JSON)
          .header(SERVICE_TOKEN_HEADER, properties.serviceToken())
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken)
          .body(new WorkerRequest(conversationId, token))
          .exchange((request, response) -> {
            int status = response.getStatusCode().value();
            if (status == 200) {
              return response.bodyTo(Revealed.class);
            }
            WorkerError error = response.getStatusCode().isError() ? bodyOrNull(response) : null;
            if (status == 400 || status == 403 || status == 404 || status == 429) {
              return new Refused(status, error == null ? "HTTP_" + status : error.code(),
                  error == null ? "" : error.message());
            }
            return new Unavailable("worker answered HTTP " + status);
          });
    } catch (RestClientException e) {
      return new Unavailable("worker unreachable: " + e.getClass().getSimpleName());
    }
  }

  private static WorkerError bodyOrNull(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) {
    try {
      return response.bodyTo(WorkerError.class);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
