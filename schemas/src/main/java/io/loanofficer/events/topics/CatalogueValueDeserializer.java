package io.loanofficer.events.topics;

import io.loanofficer.events.serde.EventSerde;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads each record's value with the serde its topic declares in {@link Topics}, so that what a listener
 * receives is of a type its topic carries; a topic not declared there (a test's own) is read by
 * {@link EventSerde}. Named by class in the services' consumer settings, as ErrorHandlingDeserializer's
 * delegate: a value it refuses reaches the listener as an undecodable record.
 */
public final class CatalogueValueDeserializer implements Deserializer<Object> {

  private final EventSerde events = new EventSerde();
  // names are fixed when the consumer is made: the prefix is set before a service starts
  private final Map<String, Deserializer<?>> byName = Topics.ALL.stream()
      .collect(Collectors.toUnmodifiableMap(EventTopic::name, topic -> topic.valueSerde().deserializer()));

  @Override
  public Object deserialize(String topic, byte[] data) {
    Deserializer<?> declared = byName.get(topic);
    return declared == null ? events.deserialize(topic, data) : declared.deserialize(topic, data);
  }
}
