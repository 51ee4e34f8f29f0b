package io.loanofficer.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.gateway.testing.KafkaTopics;
import io.loanofficer.gateway.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** A socket that carries no frame for the idle timeout (here 2 s) is closed with 4408. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=gateway",
    "gateway.instance-id=gw-idle",
    "gateway.jwt-secret=" + TestTokens.SECRET,
    "gateway.security.issuer=" + TestTokens.ISSUER,
    "gateway.security.audience=" + TestTokens.AUDIENCE,
    "gateway.limits.idle-timeout=2s"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    brokerProperties = {"auto.create.topics.enable=false", "offsets.topic.replication.factor=1"})
@Import(KafkaTopics.class)
class IdleTimeoutTest {

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Test
  void anIdleSocketIsClosedAndAnActiveOneIsNot() throws Exception {
    double before = meters.counter(LimitRecorder.METER, "limit", Limit.IDLE_TIMEOUT.tag()).count();
    try (ChatSocket idle = ChatSocket.connect(port, TestTokens.valid("idle-user", "LOAN_OFFICER"));
        ChatSocket active = ChatSocket.connect(port, TestTokens.valid("active-user", "LOAN_OFFICER"))) {
      // a frame every 250 ms keeps the active socket well inside 2 s, even on a crowded machine: it stays open
      // for 4.5 s, past two idle timeouts (a send on a closed socket throws, which fails the wait at once)
      await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
          .during(Duration.ofMillis(4500)).atMost(Duration.ofSeconds(8))
          .until(() -> {
            active.sendRaw("{\"type\":\"ping\"}"); // answered INVALID_MESSAGE: activity either way
            return active.isOpen();
          });
      ChatSocket.Closed closed = idle.awaitClose(Duration.ofSeconds(8));
      assertThat(closed.status()).isEqualTo(4408);
      assertThat(closed.reason()).isEqualTo("idle timeout");
      assertThat(active.isOpen()).isTrue();
    }
    assertThat(meters.counter(LimitRecorder.METER, "limit", Limit.IDLE_TIMEOUT.tag()).count()).isGreaterThanOrEqualTo(before + 1);
  }
}
