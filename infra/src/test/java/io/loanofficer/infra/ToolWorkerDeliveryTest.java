package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.toolspec.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tool workers as a consumer group: they share the calls, and a worker that dies mid-call loses nothing. */
@ExtendWith(KafkaLane.class)
class ToolWorkerDeliveryTest {

  private static final Actor ANALYST = new Actor("analyst-1", List.of("CREDIT_ANALYST"), "analyst-1");
  private static final EventSerde SERDE = new EventSerde();

  /** A test tool that blocks on its first call in the worker it is added to: a call in flight. */
  @Configuration(proxyBeanMethods = false)
  static class StuckTool {
    static CountDownLatch entered = new CountDownLatch(1);
    static CountDownLatch release = new CountDownLatch(1);

    @Bean
    LendingTool stuckTool() {
      return new LendingTool() {
        @Override
        public ToolSpec spec() {
          return new ToolSpec("stuckTool", "1", "blocks on its first call (test only)", List.of(), true);
        }

        @Override
        public Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
          entered.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Map.of("answered_by", "the stuck worker");
        }
      };
    }
  }

  /** The same tool name, answering at once, in the surviving worker. */
  @Configuration(proxyBeanMethods = false)
  static class QuickTool {
    @Bean
    LendingTool stuckTool() {
      return new LendingTool() {
        @Override
        public ToolSpec spec() {
          return new ToolSpec("stuckTool", "1", "answers at once (test only)", List.of(), true);
        }

        @Override
        public Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
          return Map.of("answered_by", "the surviving worker");
        }
      };
    }
  }

  private RunningSystem system;

  @AfterEach
  void stop() {
    StuckTool.release.countDown();
    if (system != null) {
      system.close();
    }
  }

  private ToolCallRequested call(String conversationId, String tool, String argumentsJson) {
    return ToolCallRequested.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setConversationId(conversationId).setTurnId("t-" + conversationId)
        .setCallId(conversationId + "/call-1").setRound(1).setTool(tool).setArgumentsJson(argumentsJson)
        .setActor(ANALYST).setTraceId(null).setRequestedAt(Instant.now()).setDeadlineAt(Instant.now().plusSeconds(60))
        .build();
  }

  private void publish(List<ToolCallRequested> calls) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (ToolCallRequested call : calls) {
        producer.send(new ProducerRecord<>(Topic.TOOL_CALLS.topicName(), call.getCallId(), SERDE.encode(call)));
      }
      producer.flush();
    }
  }

  /**
   * Every committed result on tool.results, read until {@code expected} arrived, the workers' group has committed
   * its offsets to the end of tool.calls and the reader reached tool.results' end. A worker commits a call's offset
   * in the transaction of its result, so from then on no result is still to come: the rest are duplicates, if any.
   */
  private List<ToolCallCompleted> results(int expected) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        Admin admin = system.admin()) {
      List<TopicPartition> partitions = partitionsOf(consumer, Topic.TOOL_RESULTS);
      List<TopicPartition> calls = partitionsOf(consumer, Topic.TOOL_CALLS);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ToolCallCompleted> results = new ArrayList<>();
      // each look is a 200 ms poll (in this thread: a consumer is not for other threads)
      await(expected + " results, every call consumed").pollInSameThread().pollDelay(Duration.ZERO)
          .pollInterval(Duration.ZERO).atMost(Duration.ofSeconds(60))
          .until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
              results.add(SERDE.decode(record.value(), ToolCallCompleted.class));
            }
            if (results.size() < expected || !everyCallCommitted(admin, consumer, calls)) {
              return false;
            }
            // read_committed: the end offsets are the last stable ones, past every result committed so far
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
          });
      return results;
    }
  }

  private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, Topic topic) {
    return consumer.partitionsFor(topic.topicName()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }

  /** Whether the workers' group has committed an offset at the end of every tool.calls partition. */
  private static boolean everyCallCommitted(Admin admin, KafkaConsumer<?, ?> consumer, List<TopicPartition> calls)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets("tool-workers").partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> ends = consumer.endOffsets(calls);
    return calls.stream().allMatch(p -> ends.get(p) == 0
        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p)));
  }

  @Test
  void twoWorkersInOneGroupBothTakeCalls() throws Exception {
    system = new RunningSystem().withToolWorker("worker-a").withToolWorker("worker-b");
    system.awaitGroup("tool-workers", 2); // one consumer per worker (WORKER_LISTENER_CONCURRENCY)
    List<ToolCallRequested> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      calls.add(call("conv-" + i, "getLoanStatus", "{\"loan_id\":\"L00" + (1 + i % 9) + "\"}"));
    }

    publish(calls);
    List<ToolCallCompleted> results = results(60);

    assertThat(results).hasSize(60).allSatisfy(r -> assertThat(r.getOutcome()).isEqualTo(ToolOutcome.OK));
    assertThat(results).extracting(ToolCallCompleted::getCallId).doesNotHaveDuplicates();
    assertThat(results).extracting(ToolCallCompleted::getWorkerId).contains("worker-a", "worker-b");
  }

  @Test
  void aToolThatOverrunsItsTimeoutAnswersTimeoutAndTheWorkerGoesOn() throws Exception {
    StuckTool.entered = new CountDownLatch(1);
    StuckTool.release = new CountDownLatch(1);
    system = new RunningSystem();
    system.startToolWorker("worker-slow", StuckTool.class, "worker.tool-timeout=1s");
    system.awaitGroup("tool-workers", 1);

    publish(List.of(call("conv-slow", "stuckTool", "{}"), call("conv-next", "getLoanStatus", "{\"loan_id\":\"L001\"}")));
    List<ToolCallCompleted> results = results(2);

    assertThat(results).extracting(ToolCallCompleted::getCallId, ToolCallCompleted::getOutcome).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("conv-slow/call-1", ToolOutcome.TIMEOUT),
        org.assertj.core.groups.Tuple.tuple("conv-next/call-1", ToolOutcome.OK));
    assertThat(results.stream().filter(r -> r.getOutcome() == ToolOutcome.TIMEOUT).findFirst().orElseThrow().getErrorMessage())
        .isEqualTo("the tool did not finish within 1000 ms");
  }

  @Test
  void aCallWhoseTurnDeadlineHasPassedIsAnsweredTimeoutWithoutRunning() throws Exception {
    system = new RunningSystem().withToolWorker("worker-late");
    system.awaitGroup("tool-workers", 1);
    ToolCallRequested late = ToolCallRequested.newBuilder(call("conv-late", "getLoanStatus", "{\"loan_id\":\"L001\"}"))
        .setDeadlineAt(Instant.now().minusSeconds(1)).build();

    publish(List.of(late, call("conv-on-time", "getLoanStatus", "{\"loan_id\":\"L001\"}")));
    List<ToolCallCompleted> results = results(2);

    assertThat(results).extracting(ToolCallCompleted::getCallId, ToolCallCompleted::getOutcome).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("conv-late/call-1", ToolOutcome.TIMEOUT),
        org.assertj.core.groups.Tuple.tuple("conv-on-time/call-1", ToolOutcome.OK));
    ToolCallCompleted timedOut = results.stream().filter(r -> r.getOutcome() == ToolOutcome.TIMEOUT).findFirst().orElseThrow();
    assertThat(timedOut.getErrorMessage()).isEqualTo("the turn's deadline passed before the tool ran");
    assertThat(timedOut.getDurationMicros()).isZero();
  }

  @Test
  void aWorkerThatDiesMidCallStillYieldsExactlyOneResult() throws Exception {
    StuckTool.entered = new CountDownLatch(1);
    StuckTool.release = new CountDownLatch(1);
    system = new RunningSystem();
    // One consumer, and a short max.poll.interval. When the survivor joins, the stuck worker's revocation
    // waits for its running call (until the tool timeout answers it) longer than that, so the group goes on
    // without it, as without a dead one; the answer it commits afterwards carries its old membership and is
    // refused (ADR 28).
    ConfigurableApplicationContext stuck = system.startToolWorker("worker-stuck", StuckTool.class,
        "spring.kafka.listener.concurrency=1", "spring.kafka.consumer.properties.max.poll.interval.ms=4000");
    system.awaitGroup("tool-workers", 1);
    publish(List.of(call("conv-stuck", "stuckTool", "{}")));
    assertThat(StuckTool.entered.await(30, TimeUnit.SECONDS)).as("the call is in flight").isTrue();

    system.startToolWorker("worker-survivor", QuickTool.class, "spring.kafka.listener.concurrency=1");
    List<ToolCallCompleted> redelivered = results(1);
    // The stuck worker wakes up and tries to commit its now stale result: it must not be visible.
    StuckTool.release.countDown();
    system.stop(stuck);
    List<ToolCallCompleted> results = results(1);

    assertThat(redelivered).hasSize(1);
    assertThat(results).hasSize(1);
    ToolCallCompleted only = results.get(0);
    assertThat(only.getCallId()).isEqualTo("conv-stuck/call-1");
    assertThat(only.getWorkerId()).isEqualTo("worker-survivor");
    assertThat(only.getResultJson()).isEqualTo("{\"answered_by\":\"the surviving worker\"}");
  }
}
