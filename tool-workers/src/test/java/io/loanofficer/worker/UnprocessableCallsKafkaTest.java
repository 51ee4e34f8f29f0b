package io.loanofficer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.TopicProvisioner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The recoverer the tool listener hands an unprocessable call to, on a real broker: the record lands
 * in tool.calls.dlt as it arrived with its headers and why, and a call that could be read is answered
 * INTERNAL (one result per call); an unreadable record gets no answer (there is no turn to answer).
 */
class UnprocessableCallsKafkaTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
  private static final EventSerde SERDE = new EventSerde();

  private static EmbeddedKafkaKraftBroker broker;
  private static KafkaTemplate<String, SpecificRecord> results;
  private static ConsumerRecordRecoverer recoverer;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    results = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), SERDE));
    recoverer = DeadLetterConfiguration.deadLetterThenInternalAnswer(producer, results, "worker-7",
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @Test
  void aCallThatFailsIsDeadLetteredWithItsHeadersAndAnsweredInternal() {
    ToolCallRequested call = ToolCallRequested.newBuilder().setEventId("e-1").setConversationId("conv-1")
        .setTurnId("turn-1").setCallId("call-1").setRound(0).setTool("getLoanStatus")
        .setArgumentsJson("{\"loanId\":\"L001\"}")
        .setActor(Actor.newBuilder().setUserId("officer-1").setRoles(List.of("officer")).setOfficerId("officer-1").build())
        .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736").setRequestedAt(NOW).setDeadlineAt(NOW.plusSeconds(30)).build();
    Headers headers = new RecordHeaders().add("traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topic.TOOL_CALLS.topicName(), 2, 41L, 1_700_000_000_000L,
        TimestampType.CREATE_TIME, 6, 100, "call-1", call, headers, Optional.empty());

    recoverer.accept(record, new IllegalStateException("the tool runner failed",
        new IllegalArgumentException("no plan for getLoanStatus")));
    results.flush();

    ConsumerRecord<String, byte[]> dead = onlyRecordWithKey(Topic.TOOL_CALLS_DEAD_LETTER, "call-1");
    assertThat(SERDE.decode(dead.value(), ToolCallRequested.class)).isEqualTo(call);
    assertThat(text(dead, DeadLetterConfiguration.REASON_HEADER))
        .isEqualTo("java.lang.IllegalArgumentException: no plan for getLoanStatus");
    assertThat(text(dead, "traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(text(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("tool.calls");
    assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt()).isEqualTo(2);
    assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong()).isEqualTo(41L);
    assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP).value()).getLong())
        .isEqualTo(1_700_000_000_000L);
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo("java.lang.IllegalStateException");
    // spring-kafka's "cause" is the exception without its listener wrappers (none here), not the innermost cause
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).isEqualTo("java.lang.IllegalStateException");
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo("the tool runner failed");
    assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).isNull();

    List<ToolCallCompleted> answers = readAll(Topic.TOOL_RESULTS).stream()
        .map(r -> SERDE.decode(r.value(), ToolCallCompleted.class))
        .filter(r -> r.getCallId().equals("call-1")).toList();
    assertThat(answers).as("one result for the call").hasSize(1);
    assertThat(answers).containsExactly(ToolCallCompleted.newBuilder().setEventId(answers.get(0).getEventId())
        .setConversationId("conv-1").setTurnId("turn-1").setCallId("call-1").setTool("getLoanStatus")
        .setToolVersion("?").setOutcome(ToolOutcome.INTERNAL)
        .setErrorMessage("the tool call could not be processed; it was set aside for operators")
        .setWorkerId("worker-7").setDurationMicros(0).setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .setCompletedAt(NOW).build());
  }

  @Test
  void anUnreadableRecordIsDeadLetteredAsItArrivedAndNotAnswered() {
    byte[] unknownFingerprint = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0};
    // what the listener's ErrorHandlingDeserializer makes of it: no value, the failure in a header
    Headers headers = new RecordHeaders();
    try (ErrorHandlingDeserializer<SpecificRecord> deserializer = new ErrorHandlingDeserializer<>(new EventSerde())) {
      assertThat(deserializer.deserialize(Topic.TOOL_CALLS.topicName(), headers, unknownFingerprint)).isNull();
    }
    ConsumerRecord<String, Object> record = new ConsumerRecord<>(Topic.TOOL_CALLS.topicName(), 4, 7L, 1_700_000_000_001L,
        TimestampType.CREATE_TIME, 6, unknownFingerprint.length, "unreadable-1", null, headers, Optional.empty());
    DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, new LogAccessor(UnprocessableCallsKafkaTest.class));
    int answersBefore = readAll(Topic.TOOL_RESULTS).size();

    recoverer.accept(record, failure);
    results.flush();

    ConsumerRecord<String, byte[]> dead = onlyRecordWithKey(Topic.TOOL_CALLS_DEAD_LETTER, "unreadable-1");
    assertThat(dead.value()).isEqualTo(unknownFingerprint);
    assertThat(text(dead, DeadLetterConfiguration.REASON_HEADER)).startsWith(
        "io.loanofficer.events.serde.UnknownSchemaException: No known event schema has fingerprint 0807060504030201");
    assertThat(text(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("tool.calls");
    assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong()).isEqualTo(7L);
    assertThat(text(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
        .isEqualTo("org.springframework.kafka.support.serializer.DeserializationException");
    // the deserializer's own header (a serialized exception) is not carried over
    assertThat(dead.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)).isNull();
    assertThat(readAll(Topic.TOOL_RESULTS)).hasSize(answersBefore);
  }

  private static String text(ConsumerRecord<?, ?> record, String header) {
    Header value = record.headers().lastHeader(header);
    assertThat(value).as("header %s", header).isNotNull();
    return new String(value.value(), StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<String, byte[]> onlyRecordWithKey(Topic topic, String key) {
    List<ConsumerRecord<String, byte[]>> found = readAll(topic).stream().filter(r -> key.equals(r.key())).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** Every record of the topic up to its end offsets now (the sends above were acknowledged). */
  private static List<ConsumerRecord<String, byte[]>> readAll(Topic topic) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.topicName(), p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      await("reading " + topic.topicName() + " to " + ends).atMost(Duration.ofSeconds(20)).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
          });
      return records;
    }
  }
}
