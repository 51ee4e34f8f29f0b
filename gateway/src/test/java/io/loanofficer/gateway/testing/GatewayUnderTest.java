package io.loanofficer.gateway.testing;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * The gateway of a {@link GatewayTest} as its clients and its neighbours see it: sockets opened with a
 * user's token, events written to its topics, and its reply listener assigned before either is handed
 * out (it reads chat.replies from "latest", so a reply written earlier would never reach a socket).
 * Injected with {@code @Autowired}; one per application context.
 */
public class GatewayUnderTest {

  /** How long a test waits for one frame. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  private final Environment environment;
  private final KafkaTopics.Provisioned kafka;
  private final KafkaListenerEndpointRegistry listeners;

  GatewayUnderTest(Environment environment, KafkaTopics.Provisioned kafka, KafkaListenerEndpointRegistry listeners) {
    this.environment = environment;
    this.kafka = kafka;
    this.listeners = listeners;
  }

  /** The random port it listens on (known once the server started, hence read when asked). */
  public int port() {
    return environment.getRequiredProperty("local.server.port", Integer.class);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** A socket of {@code userId} with a valid token for {@code roles}, from the allowed local origin. */
  public ChatSocket connect(String userId, String... roles) {
    awaitReplyListener();
    return ChatSocket.connect(port(), TestTokens.valid(userId, roles));
  }

  /** A producer of turns, replies and audit chains on its broker. */
  public Events events() {
    awaitReplyListener();
    return new Events(kafka.bootstrapServers());
  }

  private void awaitReplyListener() {
    ContainerTestUtils.waitForAssignment(listeners.getListenerContainer("replies"), Topic.CHAT_REPLIES.partitions());
  }

  /** The next frame of {@code type}, skipping the others (each within {@link #WAIT}). */
  public static JsonNode nextOfType(ChatSocket socket, String type) throws InterruptedException {
    JsonNode frame = socket.next(WAIT);
    while (!frame.get("type").asString().equals(type)) {
      frame = socket.next(WAIT);
    }
    return frame;
  }
}
