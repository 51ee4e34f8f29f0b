package io.loanofficer.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A client may name its conversation, but not with a gateway's audit chain id: the orchestrator would
 * write that conversation's records under the gateway chain's keys, and compaction would keep them in
 * place of the gateway's refusals and reveals.
 */
@GatewayTest
class ConversationIdTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort
  int port;

  @Test
  void gatewayChainIdsAreRefusedForQuestionsAndResumes() throws Exception {
    try (ChatSocket socket = ChatSocket.connect(port, TestTokens.valid("chain-squatter", "LOAN_OFFICER"))) {
      String clientMessageId = socket.ask("gateway-gw-1", "Is the collateral sufficient for loan L002?");
      JsonNode refused = socket.next(WAIT);
      assertThat(refused.get("type").asString()).isEqualTo("error");
      assertThat(refused.get("code").asString()).isEqualTo("INVALID_MESSAGE");
      assertThat(refused.get("clientMessageId").asString()).isEqualTo(clientMessageId);
      assertThat(refused.get("message").asString()).contains("not starting with gateway-");

      socket.resume("gateway-gw-1");
      assertThat(socket.next(WAIT).get("code").asString()).isEqualTo("INVALID_MESSAGE");
      assertThat(socket.drain(Duration.ofMillis(300))).as("one error per frame, nothing accepted").isEmpty();
    }
  }
}
