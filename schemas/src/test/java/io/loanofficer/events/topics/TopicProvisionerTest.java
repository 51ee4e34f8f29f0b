package io.loanofficer.events.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  @Test
  void withThreeReplicasAnAcknowledgedAuditRecordSurvivesTheLossOfOneBroker() {
    NewTopic audit = definition(TopicProvisioner.newTopics((short) 3), Topic.AUDIT_EVENTS);
    assertThat(audit.replicationFactor()).isEqualTo((short) 3);
    assertThat(audit.configs()).containsEntry("min.insync.replicas", "2")
        .containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
    assertThat(TopicProvisioner.newTopics((short) 3)).allSatisfy(topic ->
        assertThat(topic.configs()).containsEntry("min.insync.replicas", "2"));
  }

  @Test
  void aOneOrTwoBrokerClusterStillTakesWrites() {
    assertThat(definition(TopicProvisioner.newTopics((short) 1), Topic.AUDIT_EVENTS).configs())
        .containsEntry("min.insync.replicas", "1");
    assertThat(definition(TopicProvisioner.newTopics((short) 2), Topic.AUDIT_EVENTS).configs())
        .containsEntry("min.insync.replicas", "1");
  }

  private static NewTopic definition(List<NewTopic> topics, Topic topic) {
    return topics.stream().filter(t -> t.name().equals(topic.topicName())).findFirst().orElseThrow();
  }
}
