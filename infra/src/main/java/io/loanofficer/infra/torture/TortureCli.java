package io.loanofficer.infra.torture;

import io.loanofficer.infra.LocalRuns;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.LocalKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * infra/torture.sh [minutes] [conversations] [--previous-release=DIR]: a fault run on a broker of its
 * own (in .torture/, made afresh), on loopback ports of its own; with the previous release's jars, the
 * second instance of each service runs them until the rolling restart upgrades it. Prints the table; exit 0 when every promise held and no turn
 * was lost, 1 otherwise, 2 on bad usage.
 */
public final class TortureCli {

  private TortureCli() {}

  public static void main(String[] args) throws Exception {
    double minutes;
    int conversations;
    Path previousRelease = null;
    try {
      List<String> positional = new ArrayList<>();
      for (String arg : args) {
        if (arg.startsWith("--previous-release=")) {
          previousRelease = Path.of(arg.substring("--previous-release=".length())).toAbsolutePath();
        } else {
          positional.add(arg);
        }
      }
      minutes = positional.size() > 0 ? Double.parseDouble(positional.get(0)) : 10;
      conversations = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 20;
      if (minutes < 1.5 || minutes > 120 || conversations < 1 || conversations > 200) {
        throw new IllegalArgumentException("minutes must be 1.5-120 and conversations 1-200");
      }
    } catch (RuntimeException e) {
      System.err.println("torture: " + e.getMessage());
      System.err.println("usage: infra/torture.sh [minutes (default 10)] [conversations (default 20)]"
          + " [--previous-release=DIR with the previous release's jars]");
      System.exit(2);
      return;
    }
    Path root = Path.of("").toAbsolutePath();
    Path work = root.resolve(".torture");
    LocalRuns.freshDirectory(work);
    Files.createDirectories(work.resolve("logs"));
    int port = 29092;
    LocalKafkaBroker kafka = new LocalKafkaBroker(work.resolve("kafka"), port, port + 1, work.resolve("logs/kafka.log"));
    kafka.start();
    try (Admin admin = kafka.admin()) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    TortureRun.Broker broker = new TortureRun.Broker() {
      @Override
      public String bootstrapServers() {
        return kafka.bootstrapServers();
      }

      @Override
      public boolean restart() throws Exception {
        kafka.stop();
        kafka.start();
        return true;
      }
    };
    TortureRun.Result result;
    try {
      result = new TortureRun(root, work, broker, new TortureRun.Options(
          Duration.ofSeconds((long) (minutes * 60)), conversations, previousRelease)).run();
    } finally {
      kafka.stop();
    }
    System.out.print(result.table());
    System.out.println("logs: " + root.relativize(work.resolve("logs")));
    System.exit(result.invariants().holds() && result.lost() == 0 ? 0 : 1);
  }
}
