package io.loanofficer.events.topics;

import io.loanofficer.events.serde.TopicSerde;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic of the catalogue ({@link Topic}: name, partitions, configs) with the types of its keys and
 * values and the serdes that write and read them. The declarations are in {@link Topics}.
 *
 * @param <K> the key type
 * @param <V> the value type: the topic's one event type, or SpecificRecord for a topic that carries
 *     several ({@link OneOfTwo}, {@link OneOfThree}: they dispatch a value to one handler per type)
 */
public class EventTopic<K, V> {

  private final Topic topic;
  private final Class<V> valueType;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  EventTopic(Topic topic, Class<V> valueType, Serde<K> keySerde, Serde<V> valueSerde) {
    this.topic = topic;
    this.valueType = valueType;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** A topic keyed by string that carries one event type. */
  static <V extends SpecificRecord> EventTopic<String, V> of(Topic topic, Class<V> type) {
    return new EventTopic<>(topic, type, Serdes.String(), TopicSerde.of(type));
  }

  public Topic topic() {
    return topic;
  }

  /** The topic's name in this environment ({@link Topic#topicName()}). */
  public String name() {
    return topic.topicName();
  }

  public Class<V> valueType() {
    return valueType;
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** Whether the record was read from this topic (a listener of several topics tells them apart so). */
  public boolean isTopicOf(ConsumerRecord<?, ?> record) {
    return name().equals(record.topic());
  }

  /** The value of a record read from this topic, as its declared type (its deserializer checked it). */
  public V value(ConsumerRecord<?, ?> record) {
    if (!isTopicOf(record)) {
      throw new IllegalArgumentException("A record of " + record.topic() + ", not of " + name());
    }
    return valueType.cast(record.value());
  }

  @Override
  public String toString() {
    return name();
  }

  /** A topic that carries events of two types. */
  public static final class OneOfTwo<A extends SpecificRecord, B extends SpecificRecord>
      extends EventTopic<String, SpecificRecord> {

    private final Class<A> first;
    private final Class<B> second;

    OneOfTwo(Topic topic, Class<A> first, Class<B> second) {
      super(topic, SpecificRecord.class, Serdes.String(), TopicSerde.oneOf(List.of(first, second)));
      this.first = first;
      this.second = second;
    }

    /** Hands the event to the function of its type and returns what that gives. */
    public <R> R match(SpecificRecord event, Function<? super A, ? extends R> onFirst,
        Function<? super B, ? extends R> onSecond) {
      Objects.requireNonNull(event, "event");
      if (first.isInstance(event)) {
        return onFirst.apply(first.cast(event));
      }
      if (second.isInstance(event)) {
        return onSecond.apply(second.cast(event));
      }
      throw notCarried(this, event);
    }

    /** Hands the event to the consumer of its type. */
    public void accept(SpecificRecord event, Consumer<? super A> onFirst, Consumer<? super B> onSecond) {
      match(event, a -> run(onFirst, a), b -> run(onSecond, b));
    }
  }

  /** A topic that carries events of three types. */
  public static final class OneOfThree<A extends SpecificRecord, B extends SpecificRecord, C extends SpecificRecord>
      extends EventTopic<String, SpecificRecord> {

    private final Class<A> first;
    private final Class<B> second;
    private final Class<C> third;

    OneOfThree(Topic topic, Class<A> first, Class<B> second, Class<C> third) {
      super(topic, SpecificRecord.class, Serdes.String(), TopicSerde.oneOf(List.of(first, second, third)));
      this.first = first;
      this.second = second;
      this.third = third;
    }

    /** Hands the event to the function of its type and returns what that gives. */
    public <R> R match(SpecificRecord event, Function<? super A, ? extends R> onFirst,
        Function<? super B, ? extends R> onSecond, Function<? super C, ? extends R> onThird) {
      Objects.requireNonNull(event, "event");
      if (first.isInstance(event)) {
        return onFirst.apply(first.cast(event));
      }
      if (second.isInstance(event)) {
        return onSecond.apply(second.cast(event));
      }
      if (third.isInstance(event)) {
        return onThird.apply(third.cast(event));
      }
      throw notCarried(this, event);
    }

    /** Hands the event to the consumer of its type. */
    public void accept(SpecificRecord event, Consumer<? super A> onFirst, Consumer<? super B> onSecond,
        Consumer<? super C> onThird) {
      match(event, a -> run(onFirst, a), b -> run(onSecond, b), c -> run(onThird, c));
    }
  }

  private static <T> Void run(Consumer<? super T> consumer, T value) {
    consumer.accept(value);
    return null;
  }

  private static IllegalArgumentException notCarried(EventTopic<?, ?> topic, SpecificRecord event) {
    return new IllegalArgumentException(topic.name() + " does not carry " + event.getSchema().getName());
  }
}
