package io.loanofficer.consumergroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A service's readiness probe, its listener's group membership and its leaving, on a real broker.
 * The group is held up on purpose: a member that joined first stops polling, so the coordinator waits
 * its rebalance timeout (6 s) before it can assign anything to the service's consumer; then the
 * listener loads its partitions' state for 2 s, as the orchestrator does, and readiness waits for that.
 */
class ListenerReadinessTest {

  private static final String TOPIC = "readiness";
  private static EmbeddedKafkaKraftBroker broker;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<AutoCloseable> open = new ArrayList<>();

  /** A listener that, like the orchestrator, loads state for its partitions when they are assigned (here: sleeps). */
  @SpringBootApplication
  static class ListeningService implements ConsumerSeekAware {
    static volatile boolean loaded;

    @Value("${test.load-millis:0}")
    long loadMillis;

    @KafkaListener(id = "probe", topics = TOPIC, groupId = "${test.group}")
    void onRecord(String value) {}

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
      try {
        Thread.sleep(loadMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loaded = !assignments.isEmpty();
    }
  }

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0", "offsets.topic.replication.factor", "1",
        "offsets.topic.num.partitions", "1"));
    broker.afterPropertiesSet();
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void readinessRefusesUntilTheListenerHasItsPartitionsThenAccepts() throws Exception {
    String group = "held-up";
    // joins first, takes both partitions, then stops polling: the next rebalance waits 6 s for it
    KafkaConsumer<String, String> stalled = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 6000), new StringDeserializer(), new StringDeserializer());
    open.add(stalled);
    stalled.subscribe(List.of(TOPIC));
    // polled here: a consumer is not for other threads
    await().pollInSameThread().atMost(Duration.ofSeconds(30))
        .until(() -> !stalled.poll(Duration.ofMillis(100)).isEmpty() || stalled.assignment().size() == 2);

    ListeningService.loaded = false;
    // and loading the assigned partitions' state takes 2 s more
    ConfigurableApplicationContext service = start(group, "--test.load-millis=2000");
    MessageListenerContainer container = service.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("probe");
    List<Integer> before = new ArrayList<>();
    // a probe every 100 ms until the load has ended
    await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(60))
        .until(() -> {
          before.add(readiness(service));
          return ListeningService.loaded;
        });
    assertThat(ListeningService.loaded).as("assigned and loaded within 60 s").isTrue();

    // the check below may race the load by one probe: only probes that began before it ended count
    assertThat(before.subList(0, before.size() - 1)).as("every probe while the group was held up or loading")
        .hasSizeGreaterThan(20).containsOnly(503);
    await().atMost(Duration.ofSeconds(5)).until(() -> readiness(service) == 200);
    assertThat(container.getAssignedPartitions()).hasSize(2);
  }

  @Test
  void aConsumerLeftWithoutPartitionsIsReadyOnceTheGroupHasSettled() throws Exception {
    // three consumers, two partitions: one of them gets none, which is a settled group, not a wait
    ConfigurableApplicationContext service = start("more-consumers-than-partitions",
        "--spring.kafka.listener.concurrency=3");

    await().atMost(Duration.ofSeconds(60)).until(() -> readiness(service) == 200);

    String body = HTTP.send(HttpRequest.newBuilder(readinessUri(service)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    assertThat(body).contains("\"probe\":\"3/3 consumers assigned\"");
  }

  @Test
  void withAnInstanceIdTheListenerIsAStaticMemberAndLeavesTheGroupWhenItStops() throws Exception {
    String group = "static";
    // a 30 s session: a static member that did not leave would stay listed that long
    ConfigurableApplicationContext service = start(group, "--kafka.membership.instance-id=inst-1",
        "--kafka.membership.session-timeout=30s", "--kafka.membership.heartbeat-interval=1s");
    await().atMost(Duration.ofSeconds(60)).until(() -> readiness(service) == 200);

    List<MemberDescription> members = describe(group).members().stream().toList();
    assertThat(members).extracting(m -> m.groupInstanceId().orElse(null)).containsExactly("inst-1-probe-0");
    // a consumer of the same factory outside any group (the gateway's transcript reader) works and closes as before
    Properties noCommit = new Properties();
    noCommit.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (Consumer<?, ?> reader = service.getBean(ConsumerFactory.class).createConsumer(null, "reader", null, noCommit)) {
      assertThat(reader.toString()).startsWith("leaving-on-close");
      reader.assign(List.of(new TopicPartition(TOPIC, 0)));
      reader.seekToBeginning(List.of(new TopicPartition(TOPIC, 0)));
      assertThat(reader.position(new TopicPartition(TOPIC, 0))).isZero();
    }

    service.close();
    open.remove(service);
    long stopped = System.nanoTime();
    await().atMost(Duration.ofSeconds(20)).until(() -> describe(group).members().isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("left, not timed out").isLessThan(Duration.ofSeconds(10));
  }

  private ConfigurableApplicationContext start(String group, String... extra) {
    List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
        "--spring.kafka.consumer.auto-offset-reset=earliest", "--test.group=" + group, "--server.port=0",
        "--management.endpoint.health.probes.enabled=true", "--management.endpoint.health.show-details=always",
        "--management.endpoint.health.group.readiness.include=readinessState,kafkaConsumers",
        "--management.endpoint.health.group.readiness.show-details=always"));
    args.addAll(List.of(extra));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(ListeningService.class)
        .run(args.toArray(String[]::new));
    open.add(context);
    return context;
  }

  private static URI readinessUri(ConfigurableApplicationContext service) {
    return URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port")
        + "/actuator/health/readiness");
  }

  private static int readiness(ConfigurableApplicationContext service) {
    try {
      return HTTP.send(HttpRequest.newBuilder(readinessUri(service)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConsumerGroupDescription describe(String group) {
    try (Admin admin = admin()) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
  }
}
