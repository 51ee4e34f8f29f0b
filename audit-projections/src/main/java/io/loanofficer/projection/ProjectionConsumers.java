package io.loanofficer.projection;

import io.loanofficer.consumergroups.GroupMembership;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The consumer settings of the audit projections (the SIEM feed, the replay index): dynamic members
 * with the services' short session, and fetches that wait for a batch. A projection commits one
 * transaction per poll; fetching as soon as any record is there made that about one transaction per
 * audit record at low load, the broker's largest cost per turn. Waiting up to
 * {@code audit.projections.batch-wait} (or until {@link #BATCH_BYTES} are there) costs the feed that
 * much latency and nothing on a turn's path. A bean of {@link AuditProjectionsAutoConfiguration}.
 */
public class ProjectionConsumers {

  static final int BATCH_BYTES = 1024 * 1024;

  private final KafkaProperties kafka;
  private final GroupMembership membership;
  private final Duration batchWait;

  public ProjectionConsumers(KafkaProperties kafka, GroupMembership membership, Duration batchWait) {
    this.kafka = kafka;
    this.membership = membership;
    this.batchWait = batchWait;
  }

  /** Boot's consumer properties with the projections' membership and batching. */
  public Map<String, Object> properties() {
    Map<String, Object> consumer = kafka.buildConsumerProperties();
    consumer.putAll(membership.sessionProperties());
    consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) batchWait.toMillis());
    consumer.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, BATCH_BYTES);
    return consumer;
  }
}
