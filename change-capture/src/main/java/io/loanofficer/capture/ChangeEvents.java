package io.loanofficer.capture;

import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Debezium's change records (Connect structs) as {@link LendingChangeCaptured} events. */
public final class ChangeEvents {

  private final Clock clock;

  public ChangeEvents(Clock clock) {
    this.clock = clock;
  }

  /** The record's event, or empty when it is not a row change (a tombstone, a heartbeat). */
  public Optional<LendingChangeCaptured> toEvent(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null
        || !(record.key() instanceof Struct key)) {
      return Optional.empty();
    }
    Struct source = value.getStruct("source");
    long lsn = source.getInt64("lsn");
    SourcePosition position = SourcePosition.fromSequence(source.getString("sequence"), lsn);
    Long txId = source.getInt64("txId");
    return Optional.of(LendingChangeCaptured.newBuilder()
        .setTable(source.getString("table"))
        .setPrimaryKey(primaryKey(key))
        .setOperation(operation(value.getString("op")))
        .setBefore(columns(value.getStruct("before")))
        .setAfter(columns(value.getStruct("after")))
        .setLsn(position.lsnText())
        .setSourcePosition(position.encoded())
        .setTransactionId(txId)
        .setCommittedAt(Instant.ofEpochMilli(source.getInt64("ts_ms")))
        .setCapturedAt(clock.instant())
        .build());
  }

  /** The Kafka key of an event, as the topic catalogue says: table/primaryKey. */
  public static String kafkaKey(LendingChangeCaptured event) {
    return event.getTable() + "/" + event.getPrimaryKey();
  }

  /** The primary key's columns in key order, joined by commas (every lending table has one). */
  static String primaryKey(Struct key) {
    return key.schema().fields().stream()
        .map(field -> text(field.schema(), key.get(field)))
        .collect(Collectors.joining(","));
  }

  private static ChangeOperation operation(String op) {
    return switch (op) {
      case "c" -> ChangeOperation.CREATE;
      case "u" -> ChangeOperation.UPDATE;
      case "d" -> ChangeOperation.DELETE;
      default -> ChangeOperation.UNKNOWN;
    };
  }

  private static Map<String, String> columns(Struct row) {
    if (row == null) {
      return null;
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (Field field : row.schema().fields()) {
      columns.put(field.name(), text(field.schema(), row.get(field)));
    }
    return columns;
  }

  /**
   * A column value as text: decimals arrive as plain strings (decimal.handling.mode=string), dates as
   * days since the epoch (io.debezium.time.Date), timestamps as epoch millis or micros.
   */
  static String text(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    String name = schema.name() == null ? "" : schema.name();
    return switch (name) {
      case "io.debezium.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue()).toString();
      case "io.debezium.time.Timestamp" ->
          Instant.ofEpochMilli(((Number) value).longValue()).atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
      case "io.debezium.time.MicroTimestamp" -> {
        long micros = ((Number) value).longValue();
        yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
            .atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
      }
      default -> String.valueOf(value);
    };
  }
}
