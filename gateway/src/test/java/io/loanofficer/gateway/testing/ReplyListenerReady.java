package io.loanofficer.gateway.testing;

import io.loanofficer.events.topics.Topic;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/** The gateway reads chat.replies from "latest": tests that write replies wait until it has its partitions. */
public final class ReplyListenerReady {

  private ReplyListenerReady() {}

  public static void await(KafkaListenerEndpointRegistry registry) {
    ContainerTestUtils.waitForAssignment(registry.getListenerContainer("replies"), Topic.CHAT_REPLIES.partitions());
  }
}
