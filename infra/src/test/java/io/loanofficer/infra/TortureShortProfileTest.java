package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.torture.TortureRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The short fault profile of infra/torture.sh, in the test command: the real service jars (two of
 * each), closed-loop load through both gateways, kill -9 of a worker, an orchestrator and a gateway
 * with restarts, poison records, and an orchestrator paused (SIGSTOP) for 10 s, which wakes as a
 * zombie whose partitions have moved on. Every promise must hold: no lost turn, no duplicate reply, no
 * chain broken or forked, one SIEM document per record, nothing valid in the DLT. Recovery times are
 * printed, not asserted (they are measured by the long run, docs/reliability.md).
 */
class TortureShortProfileTest {

  @Test
  void underKillsAndPoisonEveryPromiseHolds(@TempDir Path work) throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String missing = TortureRun.missingJar(root);
    assumeTrue(missing == null, "the service jars are built by the package phase (mvn verify, infra/test.sh); missing: "
        + missing);
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
    kafka.brokerProperties(SingleNodeBroker.SETTINGS);
    kafka.afterPropertiesSet();
    try {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()))) {
        TopicProvisioner.ensureTopics(admin, (short) 1);
      }
      TortureRun.Broker broker = new TortureRun.Broker() {
        @Override
        public String bootstrapServers() {
          return kafka.getBrokersAsString();
        }

        @Override
        public boolean restart() {
          return false; // in-process: the long profile restarts its own broker
        }
      };
      TortureRun.Result result = new TortureRun(root, work, broker, new TortureRun.Options(Duration.ofSeconds(100), 6))
          .run();
      System.out.println(result.table());
      Files.writeString(Files.createDirectories(root.resolve("infra/target/test-artifacts")).resolve("torture-short.txt"),
          result.table());

      assertThat(result.faults()).extracting(TortureRun.Fault::name).containsExactly(
          "kill -9 tool-worker-1", "kill -9 orchestrator-1", "poison records", "kill -9 gateway-1",
          "pause orchestrator-2 for 10 s");
      assertThat(result.invariants().violations()).isEmpty();
      assertThat(result.lost()).isZero();
      assertThat(result.turns()).filteredOn(t -> t.outcome().equals("answer")).isNotEmpty();
      // every conversation was answered again after each fault (how soon is the long run's measure)
      assertThat(result.recoverySeconds().values()).allSatisfy(seconds -> assertThat(seconds).isFinite());
    } finally {
      kafka.destroy();
    }
  }
}
