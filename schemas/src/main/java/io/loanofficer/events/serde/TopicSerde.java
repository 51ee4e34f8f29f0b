package io.loanofficer.events.serde;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of one topic's values: writes exactly as {@link EventSerde} (the same bytes, in the oldest
 * schema that holds the event: docs/adr/0019) and reads what EventSerde reads, but only the event
 * types the topic carries. Any other event is refused like a corrupt payload, so that a listener's
 * value is of a type its topic declares (docs/adr/0023).
 *
 * @param <T> the topic's value type: its one event type, or SpecificRecord for a topic that carries several
 */
public final class TopicSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final EventSerde events = new EventSerde();
  private final Class<T> valueType;
  private final List<Class<? extends T>> carried;

  private TopicSerde(Class<T> valueType, List<Class<? extends T>> carried) {
    this.valueType = valueType;
    this.carried = List.copyOf(carried);
  }

  /** The serde of a topic that carries one event type. */
  public static <T extends SpecificRecord> TopicSerde<T> of(Class<T> type) {
    return new TopicSerde<>(type, List.of(type));
  }

  /** The serde of a topic that carries several event types. */
  public static TopicSerde<SpecificRecord> oneOf(List<Class<? extends SpecificRecord>> types) {
    return new TopicSerde<>(SpecificRecord.class, types);
  }

  /** The event types this topic carries, in their declared order. */
  public List<Class<? extends T>> carried() {
    return carried;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : events.encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    SpecificRecord event = events.decode(data);
    if (event == null) {
      return null;
    }
    if (!carried.contains(event.getClass())) {
      throw new SerializationException(topic + " carries " + carried.stream().map(Class::getSimpleName)
          .collect(Collectors.joining(", ")) + ", not " + event.getSchema().getName());
    }
    return valueType.cast(event);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
