package io.loanofficer.infra.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka floor of one chat turn: four exactly-once read-process-write hops, the shape of a turn
 * (gateway -> orchestrator -> worker -> orchestrator -> gateway), on topics of its own
 * (bench.chain.0 .. bench.chain.4, 6 partitions each) with the services' client settings: acks=all,
 * idempotence, linger.ms=0, read_committed, offsets committed in the transaction
 * (sendOffsetsToTransaction). The four stages run in a JVM of their own ({@link #main}), so that
 * their CPU is told apart from the driver's; the {@link Driver} sends hop 0 and waits for hop 4.
 */
public final class BareChain {

  static final int HOPS = 4;
  static final int PARTITIONS = 6;
  /** About the size of the services' records (a ChatTurnSubmitted, a ToolCallRequested). */
  static final int RECORD_BYTES = 512;

  private BareChain() {}

  static String topic(int hop) {
    return "bench.chain." + hop;
  }

  static void createTopics(Admin admin) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (int hop = 0; hop <= HOPS; hop++) {
      topics.add(new NewTopic(topic(hop), PARTITIONS, (short) 1));
    }
    admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
  }

  /** The services' producer settings (orchestrator.yml, tool-worker.yml). */
  static Map<String, Object> producerSettings(String bootstrap, String transactionalId) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0));
    if (transactionalId != null) {
      settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return settings;
  }

  /** The services' consumer settings. */
  static Map<String, Object> consumerSettings(String bootstrap, String group) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    if (group != null) {
      settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return settings;
  }

  /**
   * The four stages: {@code BareChain <bootstrap> <poll|record>}. "poll": one transaction per poll
   * batch (the textbook loop); "record": one per record, as the services' listeners do. Prints
   * "ready" once every stage has its partitions; SIGTERM ends it.
   */
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    boolean perRecord = args.length > 1 && args[1].equals("record");
    List<Stage> stages = new ArrayList<>();
    for (int hop = 0; hop < HOPS; hop++) {
      stages.add(new Stage(bootstrap, hop, perRecord));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stages.forEach(Stage::stop);
      for (Stage stage : stages) {
        try {
          stage.thread.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "chain-stop"));
    stages.forEach(s -> s.thread.start());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && !stages.stream().allMatch(s -> s.assigned)) {
      Thread.sleep(100);
    }
    System.out.println(stages.stream().allMatch(s -> s.assigned) ? "ready" : "not assigned");
    System.out.flush();
    for (Stage stage : stages) {
      stage.thread.join();
    }
  }

  /** One hop: consume bench.chain.N, write bench.chain.N+1 and the consumed offsets in one transaction. */
  private static final class Stage {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String out;
    private final boolean perRecord;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    Stage(String bootstrap, int hop, boolean perRecord) {
      this.consumer = new KafkaConsumer<>(consumerSettings(bootstrap, "bench-chain-" + hop),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
      this.producer = new KafkaProducer<>(producerSettings(bootstrap, "bench-chain-" + hop + "-" + UUID.randomUUID()),
          new ByteArraySerializer(), new ByteArraySerializer());
      this.out = topic(hop + 1);
      this.perRecord = perRecord;
      consumer.subscribe(List.of(topic(hop)));
      this.thread = new Thread(this::run, "chain-hop-" + hop);
    }

    void stop() {
      running = false;
    }

    private void run() {
      try {
        producer.initTransactions();
        while (running) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
          assigned = assigned || !consumer.assignment().isEmpty();
          if (records.isEmpty()) {
            continue;
          }
          if (perRecord) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
              transact(List.of(record));
            }
          } else {
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
            records.forEach(all::add);
            transact(all);
          }
        }
      } finally {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
      }
    }

    private void transact(List<ConsumerRecord<byte[], byte[]>> batch) {
      producer.beginTransaction();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        // the "process" step: a copy of the payload, as a service writes a new event per event read
        producer.send(new ProducerRecord<>(out, record.key(), Arrays.copyOf(record.value(), record.value().length)));
        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    }
  }

  /** Sends hop 0 (keyed by conversation) and matches hop 4 by request id, read_committed. */
  static final class Driver implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private volatile ClosedLoop loop;
    private volatile boolean running = true;

    Driver(String bootstrap) {
      // the first hop is the gateway's write; idempotent and acks=all as the services' producers
      producer = new KafkaProducer<>(producerSettings(bootstrap, null), new ByteArraySerializer(), new ByteArraySerializer());
      consumer = new KafkaConsumer<>(consumerSettings(bootstrap, null), new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic(HOPS), p));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      poller = new Thread(this::poll, "chain-driver");
      poller.start();
    }

    /** A closed loop of {@code conversations}, started; the caller stops it. */
    ClosedLoop start(String run, int conversations) {
      ClosedLoop next = new ClosedLoop(run, conversations, (slot, id) -> {
        byte[] value = Arrays.copyOf((id + "\n").getBytes(StandardCharsets.UTF_8), RECORD_BYTES);
        producer.send(new ProducerRecord<>(topic(0), (run + "-" + slot).getBytes(StandardCharsets.UTF_8), value));
      });
      loop = next;
      next.start();
      return next;
    }

    private void poll() {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          ClosedLoop current = loop;
          if (current != null) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            current.arrived(value.substring(0, value.indexOf('\n')), now);
          }
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      poller.join(5_000);
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
    }
  }
}
