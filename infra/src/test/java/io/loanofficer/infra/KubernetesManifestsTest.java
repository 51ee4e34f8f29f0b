package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.topics.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests (infra/k8s) cannot be applied here, so they are checked against the code
 * instead: what KEDA watches, what the services read from their environment, where secrets come from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final Path README = Path.of("..", "README.md");
  /** Set by the JVM or the platform, not by our configuration. */
  private static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "OTEL_EXPORTER_OTLP_ENDPOINT");

  private final List<Map<String, Object>> documents = new ArrayList<>();

  @BeforeAll
  void parse() throws IOException {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object document : yaml.loadAll(Files.readString(file))) {
          if (document != null) {
            documents.add(map(document));
          }
        }
      }
    }
    assertThat(documents).extracting(d -> d.get("kind") + "/" + name(d)).contains("StatefulSet/gateway",
        "Deployment/orchestrator", "Deployment/tool-workers", "Deployment/change-capture", "ScaledObject/tool-workers",
        "NetworkPolicy/tool-workers-http-from-gateway-only", "ConfigMap/loanofficer-config");
  }

  @Test
  void kedaScalesTheWorkersOnTheirOwnGroupAndTopicAndNoFurtherThanThePartitions() throws IOException {
    Map<String, Object> scaled = find("ScaledObject", "tool-workers");
    Map<String, Object> spec = map(scaled.get("spec"));
    Map<String, Object> trigger = map(list(spec.get("triggers")).get(0));
    Map<String, Object> metadata = map(trigger.get("metadata"));
    assertThat(trigger.get("type")).isEqualTo("kafka");
    assertThat(metadata.get("topic")).isEqualTo(Topic.TOOL_CALLS.topicName());
    String workerConfig = Files.readString(Path.of("..", "tool-workers", "src", "main", "resources", "tool-worker.yml"));
    assertThat(workerConfig).contains("group-id: " + metadata.get("consumerGroup"));
    assertThat((Integer) spec.get("maxReplicaCount")).isLessThanOrEqualTo(Topic.TOOL_CALLS.partitions());
    assertThat(map(spec.get("scaleTargetRef")).get("name")).isEqualTo("tool-workers");
  }

  @Test
  void eachGatewayIsNamedByItsPodSoThatRestartsContinueItsGroupAndChain() {
    Map<String, Object> env = envByName(container(find("StatefulSet", "gateway")));
    assertThat(map(map(env.get("GATEWAY_INSTANCE_ID")).get("valueFrom")).get("fieldRef"))
        .isEqualTo(Map.of("fieldPath", "metadata.name"));
  }

  @Test
  void onlyTheGatewayReachesTheWorkersRevealPort() {
    Map<String, Object> spec = map(find("NetworkPolicy", "tool-workers-http-from-gateway-only").get("spec"));
    assertThat(map(spec.get("podSelector")).get("matchLabels")).isEqualTo(Map.of("app.kubernetes.io/name", "tool-workers"));
    Map<String, Object> rule = map(list(spec.get("ingress")).get(0));
    assertThat(list(spec.get("ingress"))).hasSize(2);
    assertThat(rule.get("from")).isEqualTo(List.of(Map.of("podSelector",
        Map.of("matchLabels", Map.of("app.kubernetes.io/name", "gateway")))));
    assertThat(rule.get("ports")).isEqualTo(List.of(Map.of("protocol", "TCP", "port", 8082)));
    // Prometheus (the monitoring namespace) reaches the management port only, where the probes are too
    Map<String, Object> monitoring = map(list(spec.get("ingress")).get(1));
    assertThat(monitoring.get("from")).isEqualTo(List.of(Map.of("namespaceSelector",
        Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")))));
    assertThat(monitoring.get("ports")).isEqualTo(List.of(Map.of("protocol", "TCP", "port", 8083)));
    Map<String, Object> workers = find("Deployment", "tool-workers");
    Map<String, Object> worker = container(workers);
    assertThat(map(envByName(worker).get("MANAGEMENT_SERVER_PORT")).get("value")).isEqualTo("8083");
    assertThat(map(map(map(workers.get("spec")).get("template")).get("metadata")).get("annotations"))
        .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/path", "/actuator/prometheus",
            "prometheus.io/port", "8083"));
    assertThat(map(map(worker.get("readinessProbe")).get("httpGet")).get("port")).isEqualTo("management");
    // and the gateway is told to reach the workers on that port
    assertThat(map(envByName(container(find("StatefulSet", "gateway"))).get("PII_REVEAL_WORKER_URL")).get("value"))
        .isEqualTo("http://tool-workers:8082");
  }

  @Test
  void everyVariableIsOneTheReadmeDocumentsAndSecretsComeOnlyFromTheSecret() throws IOException {
    Set<String> documented = documentedVariables();
    Set<String> used = new TreeSet<>(map(find("ConfigMap", "loanofficer-config").get("data")).keySet());
    for (Map<String, Object> workload : workloads()) {
      for (Map.Entry<String, Object> entry : envByName(container(workload)).entrySet()) {
        used.add(entry.getKey());
        Map<String, Object> variable = map(entry.getValue());
        if (entry.getKey().matches(".*(SECRET|TOKEN|PASSWORD|API_KEY|_USER)$")) {
          assertThat(variable).as("%s comes from the Secret", entry.getKey()).doesNotContainKey("value");
          assertThat(map(map(variable.get("valueFrom")).get("secretKeyRef")).get("name")).isEqualTo("loanofficer-secrets");
        }
      }
    }
    used.removeAll(PLATFORM_VARIABLES);
    assertThat(documented).containsAll(used);
  }

  @Test
  void everyServiceReachesKafkaOverSaslSslAndTheDatabaseOverVerifiedTls() {
    Map<String, Object> config = map(find("ConfigMap", "loanofficer-config").get("data"));
    assertThat(config).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka-ca/ca.p12");
    for (Map<String, Object> workload : workloads()) {
      Map<String, Object> env = envByName(container(workload));
      assertThat(map(env.get("KAFKA_SASL_USERNAME")).get("value")).isEqualTo("loanofficer-" + name(workload));
      assertThat(env).containsKeys("KAFKA_SASL_PASSWORD", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
      assertThat(list(container(workload).get("volumeMounts"))).contains(
          Map.of("name", "kafka-ca", "mountPath", "/etc/kafka-ca", "readOnly", true));
    }
    String dbUrl = String.valueOf(map(envByName(container(find("Deployment", "tool-workers"))).get("DB_URL")).get("value"));
    assertThat(dbUrl).contains(";encrypt=true;trustServerCertificate=false;trustStore=/etc/db-ca/ca.p12;");
    String captureDb = String.valueOf(map(envByName(container(find("Deployment", "change-capture")))
        .get("LENDING_DB_JDBC_PROPERTIES")).get("value"));
    assertThat(captureDb).startsWith("encrypt=true;trustServerCertificate=false;trustStore=/etc/db-ca/ca.p12;");
    Map<String, Object> mirror = map(find("KafkaMirrorMaker2", "loanofficer-dr").get("spec"));
    Map<String, Object> mirrored = map(list(mirror.get("mirrors")).get(0));
    assertThat(mirrored.get("topicsPattern")).isEqualTo(Topic.AUDIT_EVENTS.topicName().replace(".", "\\.") + "|"
        + Topic.AGENT_CONVERSATIONS.topicName().replace(".", "\\."));
    assertThat(map(map(list(mirror.get("clusters")).get(0)).get("config"))).containsEntry("consumer.isolation.level", "read_committed");
  }

  @Test
  void everyContainerRunsAsNonRootWithProbesAndAMemoryLimit() {
    for (Map<String, Object> workload : workloads()) {
      Map<String, Object> pod = map(map(map(workload.get("spec")).get("template")).get("spec"));
      assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).as(name(workload)).isEqualTo(true);
      Map<String, Object> container = container(workload);
      // Spring Boot's actuator; change capture has no framework and serves its own (CaptureHealth)
      boolean capture = name(workload).equals("change-capture");
      assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
          .isEqualTo(capture ? "/health/ready" : "/actuator/health/readiness");
      assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
          .isEqualTo(capture ? "/health/live" : "/actuator/health/liveness");
      assertThat(map(map(container.get("resources")).get("limits"))).as(name(workload)).containsKey("memory");
    }
  }

  @Test
  void changeCaptureIsOneReaderOfSqlServersCdcNeverTwoDuringARollout() {
    Map<String, Object> deployment = find("Deployment", "change-capture");
    Map<String, Object> spec = map(deployment.get("spec"));
    assertThat(spec.get("replicas")).isEqualTo(1);
    assertThat(map(spec.get("strategy")).get("type")).isEqualTo("Recreate");
    Map<String, Object> env = envByName(container(deployment));
    assertThat(map(env.get("LENDING_DB_KIND")).get("value")).isEqualTo("sqlserver");
    assertThat(map(env.get("CAPTURE_PORT")).get("value")).isEqualTo(
        String.valueOf(map(list(container(deployment).get("ports")).get(0)).get("containerPort")));
  }

  private List<Map<String, Object>> workloads() {
    return documents.stream().filter(d -> d.get("kind").equals("Deployment") || d.get("kind").equals("StatefulSet")).toList();
  }

  private Map<String, Object> find(String kind, String name) {
    return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(name(d))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  private static String name(Map<String, Object> document) {
    return String.valueOf(map(document.get("metadata")).get("name"));
  }

  private static Map<String, Object> container(Map<String, Object> workload) {
    Map<String, Object> pod = map(map(map(workload.get("spec")).get("template")).get("spec"));
    List<Object> containers = list(pod.get("containers"));
    assertThat(containers).hasSize(1);
    return map(containers.get(0));
  }

  private static Map<String, Object> envByName(Map<String, Object> container) {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object variable : list(container.get("env"))) {
      byName.put(String.valueOf(map(variable).get("name")), variable);
    }
    return byName;
  }

  /** The variable names in the README's configuration table. */
  private static Set<String> documentedVariables() throws IOException {
    String readme = Files.readString(README);
    String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Production"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(table);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }
}
