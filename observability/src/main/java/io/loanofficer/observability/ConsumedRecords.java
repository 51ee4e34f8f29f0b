package io.loanofficer.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * A batch listener's records observed one by one, as the container observes a record listener's: a
 * consumer span per record whose parent is the producer's span from the record's {@code traceparent}
 * header, so one poll's transaction (ADR 12) still leaves one trace per turn.
 */
public final class ConsumedRecords {

  /**
   * The {@code containerPostProcessor} of such a batch listener's {@code @KafkaListener}: its container
   * keeps no batch timer of the same name as these records' observations.
   */
  public static final String BATCH_CONTAINER = "recordObservedBatchContainer";

  private ConsumedRecords() {}

  public static void observe(ObservationRegistry observations, String listenerId, ConsumerRecord<?, ?> record,
      Runnable work) {
    of(observations, listenerId, record).observe(work);
  }

  /**
   * The record's observation, started, for work that ends after this poll's other records have been
   * started (a tool call running beside them): the caller opens its scope where it works and stops it.
   */
  public static Observation start(ObservationRegistry observations, String listenerId, ConsumerRecord<?, ?> record) {
    return of(observations, listenerId, record).start();
  }

  private static Observation of(ObservationRegistry observations, String listenerId, ConsumerRecord<?, ?> record) {
    return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
        KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
        () -> new KafkaRecordReceiverContext(record, listenerId, () -> null), observations);
  }
}
