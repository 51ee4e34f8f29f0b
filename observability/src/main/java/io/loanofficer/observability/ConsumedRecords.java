package io.loanofficer.observability;

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

  private ConsumedRecords() {}

  public static void observe(ObservationRegistry observations, String listenerId, ConsumerRecord<?, ?> record,
      Runnable work) {
    KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
            KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
            () -> new KafkaRecordReceiverContext(record, listenerId, () -> null), observations)
        .observe(work);
  }
}
