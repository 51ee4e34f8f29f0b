package io.loanofficer.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.consumergroups.ConsumerGroupsAutoConfiguration;
import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.OffsetRange;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.projection.AuditChains.Audited;
import io.loanofficer.projection.auditindex.AuditIndexer;
import io.loanofficer.projection.siem.SiemForwarder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wiring that used to be the orchestrator's component scan: the projections run only where a
 * process turns them on (the orchestrator's yml), each keeps its own switch and defaults, and, once
 * on, both read the catalogue's audit.events and write audit.siem and audit.index on a real broker.
 */
class AuditProjectionsAutoConfigurationTest {

  private static EmbeddedKafkaKraftBroker broker;
  private static ApplicationContextRunner runner;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      admin.createTopics(List.of(Topic.AUDIT_EVENTS, Topic.AUDIT_SIEM, Topic.AUDIT_INDEX).stream()
          .map(t -> new NewTopic(t.topicName(), t.partitions(), (short) 1).configs(t.configs())).toList()).all().get();
    }
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, ConsumerGroupsAutoConfiguration.class,
            AuditProjectionsAutoConfiguration.class))
        // as SpringApplication does: "500ms" converts to a Duration
        .withInitializer(context -> context.getBeanFactory()
            .setConversionService(ApplicationConversionService.getSharedInstance()))
        .withPropertyValues("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString());
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @Test
  void offUnlessTheProcessTurnsThemOn() {
    runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProjectionConsumers.class)
        .doesNotHaveBean(SiemForwarder.class).doesNotHaveBean(AuditIndexer.class));
    runner.withPropertyValues("audit.projections.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProjectionConsumers.class)
            .doesNotHaveBean(SiemForwarder.class).doesNotHaveBean(AuditIndexer.class));
  }

  @Test
  void eachProjectionKeepsItsOwnSwitch() {
    runner.withPropertyValues("audit.projections.enabled=true", "siem.forwarder.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditIndexer.class)
            .doesNotHaveBean(SiemForwarder.class));
    runner.withPropertyValues("audit.projections.enabled=true", "audit.indexer.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SiemForwarder.class)
            .doesNotHaveBean(AuditIndexer.class));
  }

  @Test
  void theConsumersAreDynamicMembersThatWaitForABatch() {
    // both projections off: only the shared consumer settings are looked at
    ApplicationContextRunner settings = runner.withPropertyValues("audit.projections.enabled=true",
        "siem.forwarder.enabled=false", "audit.indexer.enabled=false", "kafka.membership.instance-id=orchestrator-1");
    settings.run(context -> assertThat(context.getBean(ProjectionConsumers.class).properties())
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500)
        .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024)
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000)
        // a static member would not leave the group on the projections' plain close()
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    settings.withPropertyValues("audit.projections.batch-wait=250ms")
        .run(context -> assertThat(context.getBean(ProjectionConsumers.class).properties())
            .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250));
  }

  @Test
  void turnedOnBothProjectionsFollowAuditEvents() {
    String chain = "conv-wired-" + UUID.randomUUID();
    List<Audited> records = AuditChains.progress(chain, 3);
    int partition = AuditKeys.partition(chain, Topic.AUDIT_EVENTS.partitions());
    runner.withPropertyValues("audit.projections.enabled=true", "audit.projections.batch-wait=50ms").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SiemForwarder.class).hasSingleBean(AuditIndexer.class);
      try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "wiring-test-" + UUID.randomUUID()),
          new StringSerializer(), new EventSerde())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (Audited record : records) {
          producer.send(new ProducerRecord<>(Topic.AUDIT_EVENTS.topicName(), partition, record.key(), record.value()));
        }
        producer.commitTransaction();
      }

      // a document's partition follows its own key (chain/seq), so the chain's documents are looked for in all
      await("3 ECS documents on audit.siem").atMost(Duration.ofSeconds(30)).until(() -> documents(chain).size() == 3);
      List<ConsumerRecord<String, byte[]>> documents = documents(chain);
      assertThat(documents).extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder(chain + "/1", chain + "/2", chain + "/3");
      assertThat(documents).extracting(d -> JsonMapper.shared().readTree(d.value()).get("event").get("action").asString())
          .containsOnly("ChatProgress");

      await("the chain on audit.index").atMost(Duration.ofSeconds(30)).until(() -> indexEntry(partition, chain) != null);
      AuditIndexEntry entry = indexEntry(partition, chain);
      // the records at offsets 0-2 (their commit marker at 3 is never handed to the indexer)
      assertThat(entry.getRanges()).extracting(OffsetRange::getFirst, OffsetRange::getLast)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 2L));
      assertThat(entry.getRecords()).isEqualTo(3);
      assertThat(entry.getHeadSeq()).isEqualTo(3);
      assertThat(entry.getIndexedThrough()).isEqualTo(3);
    });
  }

  private static List<ConsumerRecord<String, byte[]>> documents(String chain) {
    return IntStream.range(0, Topic.AUDIT_SIEM.partitions())
        .mapToObj(partition -> CommittedRecords.of(broker.getBrokersAsString(), Topic.AUDIT_SIEM.topicName(), partition))
        .flatMap(List::stream)
        .filter(document -> document.key().startsWith(chain + "/")).toList();
  }

  private static AuditIndexEntry indexEntry(int partition, String chain) {
    return CommittedRecords.index(broker.getBrokersAsString(), Topic.AUDIT_INDEX.topicName(), partition).entry(chain);
  }
}
