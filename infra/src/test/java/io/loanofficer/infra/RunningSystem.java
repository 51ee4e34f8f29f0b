package io.loanofficer.infra;

import io.loanofficer.agent.OrchestratorApplication;
import io.loanofficer.chatclient.DevTokens;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.gateway.GatewayApplication;
import io.loanofficer.worker.ToolWorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one JVM for end-to-end tests: a real KRaft broker ({@link TestKafka}: embedded, or a
 * container in the Testcontainers lane), the catalogue's topics, a
 * tool worker on an in-memory SQL Server-mode database with the sample data, the orchestrator and a
 * gateway on a free port.
 */
final class RunningSystem implements AutoCloseable {

  static final String AS_OF = "2026-11-25";

  /** The worker's JDBC jars share this classpath; only the worker has a database. */
  private static final String NO_DATABASE = "spring.autoconfigure.exclude="
      + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
      + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
      + "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration";

  /** The gateway's Spring Security shares this classpath; the worker has none (its reveal endpoint checks a service token). */
  static final String NO_SECURITY = "spring.autoconfigure.exclude="
      + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
      + "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestKafka broker;
  private final List<ConfigurableApplicationContext> services = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> gatewayPorts = new ArrayList<>();
  private final List<Integer> workerPorts = new ArrayList<>();
  /** Properties every service gets (e.g. where traces go). */
  private final List<String> common;

  RunningSystem(String... commonProperties) {
    common = List.of(commonProperties);
    broker = TestKafka.start();
    try (Admin admin = admin()) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
  }

  RunningSystem withToolWorker(String name) {
    startToolWorker(name);
    return this;
  }

  ConfigurableApplicationContext startToolWorker(String name) {
    return startToolWorker(name, null);
  }

  /**
   * A tool worker with its own in-memory database, unless the properties name another
   * ({@code spring.datasource.url=...}); {@code extraSource} may add test beans (tools).
   */
  ConfigurableApplicationContext startToolWorker(String name, Class<?> extraSource, String... properties) {
    SpringApplicationBuilder worker = ToolWorkerApplication.application();
    if (extraSource != null) {
      worker.sources(extraSource);
    }
    List<String> all = new ArrayList<>(List.of(NO_SECURITY, "worker.id=" + name, "tools.as-of=" + AS_OF));
    if (Stream.of(properties).noneMatch(p -> p.startsWith("spring.datasource.url="))) {
      all.add("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
    }
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context = start(worker, all.toArray(String[]::new));
    workerPorts.add(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    return context;
  }

  /** Waits until the consumer group has {@code members} members that all hold partitions. */
  void awaitGroup(String groupId, int members) throws Exception {
    try (Admin admin = admin()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        var group = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
        if (group.members().size() == members
            && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
          return;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("group " + groupId + " did not reach " + members + " assigned members");
    }
  }

  RunningSystem withOrchestrator() {
    startOrchestrator();
    return this;
  }

  ConfigurableApplicationContext startOrchestrator(String... properties) {
    // neither a database nor Spring Security (the gateway's, on this shared classpath): as deployed
    List<String> all = new ArrayList<>(List.of(NO_DATABASE + "," + NO_SECURITY.substring(NO_SECURITY.indexOf('=') + 1)));
    all.addAll(List.of(properties));
    return start(OrchestratorApplication.application(), all.toArray(String[]::new));
  }

  /** Stops one service as a deployment would (graceful shutdown). */
  void stop(ConfigurableApplicationContext service) {
    service.close();
    services.remove(service);
  }

  RunningSystem withGateway(String instanceId) {
    return withGateway(instanceId, new String[0]);
  }

  /** A gateway with extra properties (e.g. a fixed server.port and the allowed origins of a browser test). */
  RunningSystem withGateway(String instanceId, String... extraProperties) {
    List<String> properties = new ArrayList<>(List.of(NO_DATABASE, "gateway.instance-id=" + instanceId));
    if (!workerPorts.isEmpty()) {
      // PII reveals go to the first worker over HTTP
      properties.add("gateway.reveal.worker-url=http://127.0.0.1:" + workerPorts.get(0));
    }
    properties.addAll(List.of(extraProperties));
    ConfigurableApplicationContext gateway = start(GatewayApplication.application(), properties.toArray(String[]::new));
    gatewayPorts.add(Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port")));
    return this;
  }

  private ConfigurableApplicationContext start(SpringApplicationBuilder application, String... properties) {
    List<String> all = new ArrayList<>(List.of(
        "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
        "spring.kafka.consumer.properties.metadata.max.age.ms=1000"));
    all.addAll(common);
    all.addAll(List.of(properties));
    if (all.stream().noneMatch(p -> p.startsWith("server.port="))) {
      all.add("server.port=0");
    }
    // As command-line arguments: they override the services' own yml (builder properties would not).
    ConfigurableApplicationContext context = application.profiles("local")
        .run(all.stream().map(property -> "--" + property).toArray(String[]::new));
    services.add(context);
    return context;
  }

  /** The HTTP port of a service this system started. */
  static int port(ConfigurableApplicationContext service) {
    return Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
  }

  int workerPort(int index) {
    return workerPorts.get(index);
  }

  int gatewayPort(int index) {
    return gatewayPorts.get(index);
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  /** GET on gateway {@code index}, with the bearer token when there is one. */
  HttpResponse<String> get(int index, String path, String bearer) throws Exception {
    return send(index, path, bearer, HttpRequest.newBuilder().GET());
  }

  /** POST of a JSON body on gateway {@code index}, with the bearer token when there is one. */
  HttpResponse<String> post(int index, String path, String bearer, String json) throws Exception {
    return send(index, path, bearer, HttpRequest.newBuilder().header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> send(int index, String path, String bearer, HttpRequest.Builder request)
      throws Exception {
    request.uri(URI.create("http://127.0.0.1:" + gatewayPort(index) + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A token from the gateway's local-profile dev endpoint. */
  String devToken(String userId, String... roles) throws Exception {
    return DevTokens.fetch(URI.create("http://127.0.0.1:" + gatewayPort(0)), userId, roles);
  }

  @Override
  public void close() {
    List<ConfigurableApplicationContext> reversed = new ArrayList<>(services);
    Collections.reverse(reversed);
    reversed.forEach(ConfigurableApplicationContext::close);
    broker.close();
  }
}
