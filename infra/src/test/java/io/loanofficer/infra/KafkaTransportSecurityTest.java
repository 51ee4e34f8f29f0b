package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.events.transport.KafkaClientSecurity;
import io.loanofficer.worker.ToolWorkerApplication;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kafka transport security against a real broker (its own process, from the Maven jars) with two
 * secured listeners: SASL_SSL with SCRAM-SHA-512 (the user created when the storage is formatted) and
 * SSL that requires a client certificate (mTLS). Certificates are made when the test runs. The
 * clients are configured only through {@link KafkaClientSecurity}'s variables, as every service and
 * tool is; a tool worker started with those variables answers a tool call over SASL_SSL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaTransportSecurityTest {

  private static final String USER = "loanofficer-svc";
  private static final String PASSWORD = "right-password-1";
  private static final String STORE_PASSWORD = "store-secret";
  private static final String TOPIC = "tls.check";

  @TempDir
  static Path dir;
  private TestCertificates certificates;
  private LocalKafkaBroker broker;
  private int saslPort;
  private int mtlsPort;

  @BeforeAll
  void startBroker() throws Exception {
    certificates = TestCertificates.generate(dir, STORE_PASSWORD);
    saslPort = freePort();
    mtlsPort = freePort();
    Map<String, String> settings = new HashMap<>();
    settings.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    settings.put("listener.name.secure.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    for (String listener : List.of("secure", "mtls")) {
      settings.put("listener.name." + listener + ".ssl.keystore.location", certificates.brokerKeyStore().toString());
      settings.put("listener.name." + listener + ".ssl.keystore.password", STORE_PASSWORD);
      settings.put("listener.name." + listener + ".ssl.keystore.type", "PKCS12");
    }
    settings.put("listener.name.mtls.ssl.truststore.location", certificates.brokerTrustStore().toString());
    settings.put("listener.name.mtls.ssl.truststore.password", STORE_PASSWORD);
    settings.put("listener.name.mtls.ssl.truststore.type", "PKCS12");
    settings.put("listener.name.mtls.ssl.client.auth", "required");
    broker = new LocalKafkaBroker(dir.resolve("kafka"), freePort(), freePort(), dir.resolve("broker.log"))
        .withListener("SECURE", "SASL_SSL", saslPort, settings,
            List.of("--add-scram", "SCRAM-SHA-512=[name=" + USER + ",password=" + PASSWORD + "]"))
        .withListener("MTLS", "SSL", mtlsPort, Map.of(), List.of());
    broker.start();
    try (Admin admin = broker.admin()) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  void stopBroker() throws InterruptedException {
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void saslSslWithTheRightPasswordWritesAndReads() throws Exception {
    Map<String, Object> client = client(saslPort, sasl(PASSWORD, certificates.clientTrustStore()));
    assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");

    assertThat(roundTrip(client, "over SASL_SSL")).isEqualTo("over SASL_SSL");
  }

  @Test
  void aWrongPasswordIsRefused() {
    Map<String, Object> client = client(saslPort, sasl("wrong-password", certificates.clientTrustStore()));

    Throwable refused = describeCluster(client);

    assertThat(refused).isInstanceOf(SaslAuthenticationException.class)
        .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-512");
  }

  @Test
  void aBrokerCertificateTheClientDoesNotTrustIsRefused() {
    Map<String, Object> client = client(saslPort, sasl(PASSWORD, certificates.strangerTrustStore()));

    assertThat(describeCluster(client)).isInstanceOf(SslAuthenticationException.class);
  }

  @Test
  void mutualTlsTakesTheServiceCertificateAndRefusesNoneOrAStrangersOne() throws Exception {
    Map<String, String> mtls = new HashMap<>(Map.of(
        KafkaClientSecurity.PROTOCOL, "SSL",
        KafkaClientSecurity.TRUSTSTORE_LOCATION, certificates.clientTrustStore().toString(),
        KafkaClientSecurity.TRUSTSTORE_PASSWORD, STORE_PASSWORD,
        KafkaClientSecurity.KEYSTORE_LOCATION, certificates.clientKeyStore().toString(),
        KafkaClientSecurity.KEYSTORE_PASSWORD, STORE_PASSWORD));
    assertThat(roundTrip(client(mtlsPort, mtls), "over mTLS")).isEqualTo("over mTLS");

    Map<String, String> noCertificate = new HashMap<>(mtls);
    noCertificate.remove(KafkaClientSecurity.KEYSTORE_LOCATION);
    noCertificate.remove(KafkaClientSecurity.KEYSTORE_PASSWORD);
    assertThat(describeCluster(client(mtlsPort, noCertificate))).isInstanceOf(SslAuthenticationException.class);

    Map<String, String> stranger = new HashMap<>(mtls);
    stranger.put(KafkaClientSecurity.KEYSTORE_LOCATION, certificates.strangerKeyStore().toString());
    assertThat(describeCluster(client(mtlsPort, stranger))).isInstanceOf(SslAuthenticationException.class);
  }

  @Test
  void aToolWorkerConfiguredByTheVariablesAnswersOverSaslSsl() throws Exception {
    Map<String, String> variables = sasl(PASSWORD, certificates.clientTrustStore());
    List<String> arguments = new ArrayList<>(List.of(RunningSystem.NO_SECURITY, "worker.id=worker-tls",
        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
            + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "tools.as-of=" + RunningSystem.AS_OF, "server.port=0", "spring.kafka.bootstrap-servers=127.0.0.1:" + saslPort));
    // the variables as the environment gives them (command-line arguments: the same property names)
    variables.forEach((name, value) -> arguments.add(name + "=" + value));
    try (ConfigurableApplicationContext worker = ToolWorkerApplication.application().profiles("local")
        .run(arguments.stream().map(a -> "--" + a).toArray(String[]::new))) {
      awaitReady(Integer.parseInt(worker.getEnvironment().getProperty("local.server.port")));
      Map<String, Object> client = client(saslPort, variables);
      EventSerde serde = new EventSerde();
      ToolCallRequested call = ToolCallRequested.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setConversationId("conv-tls").setTurnId("turn-1")
          .setCallId("conv-tls/call-1").setRound(1).setTool("getLoanStatus").setArgumentsJson("{\"loan_id\":\"L001\"}")
          .setActor(new Actor("analyst-1", List.of("CREDIT_ANALYST"), "analyst-1")).setTraceId(null)
          .setRequestedAt(Instant.now()).setDeadlineAt(Instant.now().plusSeconds(60)).build();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topic.TOOL_CALLS.topicName(), call.getCallId(), serde.encode(call))).get(30, TimeUnit.SECONDS);
      }
      List<ConsumerRecord<String, byte[]>> results = readAll(client, Topic.TOOL_RESULTS.topicName(), 1);
      assertThat(results).hasSize(1);
      ToolCallCompleted result = serde.decode(results.get(0).value(), ToolCallCompleted.class);
      assertThat(result.getCallId()).isEqualTo("conv-tls/call-1");
      assertThat(result.getOutcome()).isEqualTo(ToolOutcome.OK);
      assertThat(result.getWorkerId()).isEqualTo("worker-tls");

      // infra/kafka-lag.sh: the worker committed its one call with its result, so its group lags by nothing
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int exit = io.loanofficer.infra.ops.ConsumerLagCli.run(new String[] {"--bootstrap", broker.bootstrapServers(), "tool-workers"},
          new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err);
      List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
      int partition = io.loanofficer.audit.AuditKeys.partition(call.getCallId(), Topic.TOOL_CALLS.partitions());
      assertThat(exit).isZero();
      assertThat(lines.get(0)).isEqualTo("group\ttopic\tpartition\tcommitted\tend\tlag");
      assertThat(lines).contains("tool-workers\ttool.calls\t" + partition + "\t1\t1\t0");
      assertThat(lines).last().isEqualTo("tool-workers\ttotal\t\t\t\t0");
    }
  }

  // ---- helpers ----

  private Map<String, String> sasl(String password, Path trustStore) {
    return new HashMap<>(Map.of(
        KafkaClientSecurity.PROTOCOL, "SASL_SSL",
        KafkaClientSecurity.SASL_USERNAME, USER,
        KafkaClientSecurity.SASL_PASSWORD, password,
        KafkaClientSecurity.TRUSTSTORE_LOCATION, trustStore.toString(),
        KafkaClientSecurity.TRUSTSTORE_PASSWORD, STORE_PASSWORD));
  }

  /** A client's config from the variables alone, as every service and tool builds it. */
  private static Map<String, Object> client(int port, Map<String, String> variables) {
    Map<String, Object> config = new HashMap<>(KafkaClientSecurity.properties(variables::get));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
    return config;
  }

  /** The cause of describeCluster's failure, or null when it succeeded. */
  private static Throwable describeCluster(Map<String, Object> client) {
    try (Admin admin = Admin.create(client)) {
      Throwable thrown = catchThrowable(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS));
      return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }
  }

  private String roundTrip(Map<String, Object> client, String text) throws Exception {
    String key = UUID.randomUUID().toString();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, key, text.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }
    return readAll(client, TOPIC, Integer.MAX_VALUE).stream().filter(r -> key.equals(r.key()))
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).findFirst().orElse(null);
  }

  /** The topic's committed records, read from the start to its end (or until {@code expected} arrived, up to 60 s). */
  private static List<ConsumerRecord<String, byte[]>> readAll(Map<String, Object> client, String topic, int expected) {
    Map<String, Object> config = new HashMap<>(client);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      // each look is a 200 ms poll (in this thread: a consumer is not for other threads)
      await("records on " + topic).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
          .atMost(Duration.ofSeconds(60))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            if (records.size() >= expected) {
              return true;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return expected == Integer.MAX_VALUE && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
          });
      return records;
    }
  }

  private static void awaitReady(int port) {
    HttpClient http = HttpClient.newHttpClient();
    // the last look's body is the failure's cause when the worker never becomes ready
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("the worker ready over SASL_SSL: %s", response.body()).isEqualTo(200);
    });
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
