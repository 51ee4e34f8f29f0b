package io.loanofficer.infra.ops;

import io.loanofficer.events.transport.KafkaClientSecurity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of consumer groups (infra/kafka-lag.sh; docs/runbooks/consumer-lag.md): per group and
 * partition its committed offset, the partition's last stable offset (read_committed, what our
 * transactional readers can reach) and the difference; then the group's total. No group named: every
 * group of the cluster. Kafka security from the environment, as every tool.
 *
 * <pre>kafka-lag.sh [--bootstrap host:port] [GROUP...]</pre>
 *
 * Exit 0 printed, 1 Kafka unreachable or a group unknown, 2 bad arguments.
 */
public final class ConsumerLagCli {

  private ConsumerLagCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--bootstrap") && i + 1 < args.length) {
        bootstrap = args[++i];
      } else if (args[i].startsWith("--")) {
        err.println("usage: kafka-lag.sh [--bootstrap host:port] [GROUP...]");
        return 2;
      } else {
        groups.add(args[i]);
      }
    }
    Map<String, Object> config;
    try {
      // an unreachable cluster answers within 15 s (the API timeout may not be below the request timeout)
      config = KafkaClientSecurity.withEnvironment(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000));
    } catch (KafkaClientSecurity.InvalidKafkaSecurity e) {
      err.println("kafka-lag: " + e.getMessage());
      return 2;
    }
    try (Admin admin = Admin.create(config)) {
      if (groups.isEmpty()) {
        admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream().map(ConsumerGroupListing::groupId)
            .sorted().forEach(groups::add);
      }
      out.println("group\ttopic\tpartition\tcommitted\tend\tlag");
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
          out.println(group + "\t-\t-\t-\t-\tno committed offsets");
          continue;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
            .forEach((partition, info) -> ends.put(partition, info.offset()));
        long total = 0;
        Map<String, TopicPartition> ordered = new TreeMap<>();
        committed.keySet().forEach(p -> ordered.put(String.format("%s-%05d", p.topic(), p.partition()), p));
        for (TopicPartition partition : ordered.values()) {
          OffsetAndMetadata offset = committed.get(partition);
          long position = offset == null ? 0 : offset.offset();
          long lag = Math.max(0, ends.get(partition) - position);
          total += lag;
          out.println(group + "\t" + partition.topic() + "\t" + partition.partition() + "\t" + position + "\t"
              + ends.get(partition) + "\t" + lag);
        }
        out.println(group + "\ttotal\t\t\t\t" + total);
      }
      return 0;
    } catch (Exception e) {
      err.println("kafka-lag: " + (e.getCause() == null ? e : e.getCause()));
      return 1;
    }
  }
}
