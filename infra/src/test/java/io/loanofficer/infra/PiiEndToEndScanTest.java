package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.infra.invariants.InvariantChecker;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The whole system, questions that reach borrowers' contact data, then a scan of everything it wrote:
 * every record of every topic (audit, SIEM, replies, tool results, conversation states, ...) and every
 * log line. None of the sample data's raw e-mails, phones or addresses may appear anywhere, not even
 * the one the officer revealed on their screen, nor those an officer typed into a question.
 */
@ExtendWith(OutputCaptureExtension.class)
@ExtendWith(KafkaLane.class)
class PiiEndToEndScanTest {

  @Test
  void noRawContactDataReachesAnyTopicOrLog(CapturedOutput output) throws Exception {
    List<String> contacts = PiiScanTest.seededContacts();
    assertThat(contacts).hasSize(36);
    try (RunningSystem system = new RunningSystem().withToolWorker("worker-1").withOrchestrator().withGateway("gw-1")) {
      try (ChatSocket officer = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"));
          ChatSocket analyst = ChatSocket.connect(system.gatewayPort(0), system.devToken("analyst-1", "CREDIT_ANALYST"))) {
        ChatSocket.Turn details = officer.turn(null, "Show me details about borrower B001", Duration.ofSeconds(30));
        assertThat(details.reply().get("toolCalls").get(0).get("result").get("email").asString())
            .as("the officer sees a token, not the address").matches("\\[EMAIL_[0-9a-f]{6}\\]");
        // the officer reveals the e-mail: the value reaches the officer's screen and nothing else
        HttpResponse<String> revealed = system.post(0, "/api/pii/reveal", system.devToken("officer-1", "LOAN_OFFICER"),
            "{\"conversationId\":\"" + details.conversationId() + "\",\"token\":\""
                + details.reply().get("toolCalls").get(0).get("result").get("email").asString() + "\"}");
        assertThat(revealed.body()).contains("\"value\":\"john.doe@example.com\"");
        officer.turn(details.conversationId(), "What's the default risk for this borrower?", Duration.ofSeconds(30));
        // an officer pastes a customer's contact data into the question: it is redacted at the gateway
        ChatSocket.Turn pasted = officer.turn(null,
            "Alice Johnson (alice.johnson@example.com, 555-0103) asked: what's the status of loan L003?",
            Duration.ofSeconds(30));
        assertThat(pasted.reply().get("type").asString()).isEqualTo("assistant_message");
        analyst.turn(null, "Tell me about borrower B012", Duration.ofSeconds(30));
        analyst.turn(null, "What is the email and phone of borrower B006?", Duration.ofSeconds(30));
      }
      // the SIEM projection has caught up once it holds one document per audit record (and every other promise holds)
      InvariantChecker.Report settled = new InvariantChecker(system.bootstrapServers(), Duration.ofSeconds(20))
          .checkSettled(Duration.ofSeconds(30));
      assertThat(settled.violations()).isEmpty();

      StringBuilder everything = new StringBuilder();
      AtomicInteger records = new AtomicInteger();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        for (Topic topic : Topic.values()) {
          List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
          consumer.assign(partitions);
          consumer.seekToBeginning(partitions);
          Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
          // every record up to the end offsets: a topic read only in part would let contact data through unseen
          await("reading " + topic.topicName() + " to " + end).atMost(Duration.ofSeconds(20)).pollInSameThread()
              .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                  records.incrementAndGet();
                  if (record.value() != null) {
                    // Avro strings are UTF-8 bytes inside the binary record: decoding the whole record finds them.
                    everything.append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
                  }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
        }
      }
      assertThat(records.get()).as("records scanned").isGreaterThan(40);
      String logs = output.getAll();
      for (String contact : contacts) {
        assertThat(everything.indexOf(contact)).as("raw contact data in a topic: %s", contact).isEqualTo(-1);
        assertThat(logs.indexOf(contact)).as("raw contact data in the logs: %s", contact).isEqualTo(-1);
      }
    }
  }
}
