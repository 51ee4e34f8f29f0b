package io.loanofficer.capture;

import io.loanofficer.events.transport.KafkaClientSecurity;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.serde.EventSerde;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch Debezium hands over to lending.changes in one Kafka transaction, and only then
 * marks its records processed, so Debezium's offsets never run ahead of Kafka (ADR 0011). A change
 * whose position is not above the highest already on the topic is dropped: Debezium repeats changes
 * when a crash came between our commit and its offset flush.
 */
public final class ChangePublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>>,
    AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);

  private final KafkaProducer<String, SpecificRecord> producer;
  private final ChangeEvents events;
  private final String topic;
  /** The highest source position on the topic, as the events carry it. */
  private String published;
  private long sent;
  private long skipped;

  /**
   * The transactional id must be stable per capture (the slot's name): a restarted capture fences a
   * zombie of the previous one and aborts its open transaction before reading the topic's tail.
   */
  public ChangePublisher(String bootstrapServers, String topic, String transactionalId, ChangeEvents events) {
    this.topic = topic;
    this.events = events;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // a change is sent once its batch is complete: no reason to wait for more
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "change-capture-" + transactionalId);
    props.putAll(KafkaClientSecurity.fromEnvironment());
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new EventSerde());
    producer.initTransactions();
    this.published = PublishedPositions.highest(bootstrapServers, topic);
    log.info("lending.changes holds changes up to position {}", published.isEmpty() ? "(none)" : published);
  }

  @Override
  public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
    String highest = published;
    int inBatch = 0;
    producer.beginTransaction();
    try {
      for (RecordChangeEvent<SourceRecord> record : records) {
        Optional<LendingChangeCaptured> event = events.toEvent(record.record());
        if (event.isEmpty()) {
          continue;
        }
        String position = event.get().getSourcePosition();
        if (!PositionOrder.isAfter(position, highest)) {
          skipped++;
          continue;
        }
        producer.send(new ProducerRecord<>(topic, ChangeEvents.kafkaKey(event.get()), event.get()));
        highest = position;
        inBatch++;
      }
      producer.commitTransaction();
    } catch (RuntimeException e) {
      abortQuietly();
      throw e;
    }
    published = highest;
    sent += inBatch;
    for (RecordChangeEvent<SourceRecord> record : records) {
      committer.markProcessed(record);
    }
    committer.markBatchFinished();
  }

  /** Changes sent so far by this publisher. */
  public long sent() {
    return sent;
  }

  /** Changes dropped because the topic already held them. */
  public long skipped() {
    return skipped;
  }

  /** The highest source position committed to the topic (empty before the first). */
  public String published() {
    return published;
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      log.warn("Could not abort the change transaction: {}", e.toString());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
