package io.loanofficer.capture;

import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's change records (Connect structs) of PostgreSQL or SQL Server as {@link LendingChangeCaptured}
 * events: the same table and column names (lower case, no schema), the same key, each source's
 * position in its own fixed-width form.
 */
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
    LendingChangeCaptured.Builder event = LendingChangeCaptured.newBuilder()
        .setTable(name(source.getString("table")))
        .setPrimaryKey(primaryKey(key))
        .setOperation(operation(value.getString("op")))
        .setBefore(columns(value.getStruct("before")))
        .setAfter(columns(value.getStruct("after")))
        .setCommittedAt(Instant.ofEpochMilli(source.getInt64("ts_ms")))
        .setCapturedAt(clock.instant());
    if (source.schema().field("change_lsn") != null) {
      // SQL Server: no transaction id in the source block (only with transaction metadata topics)
      SqlServerPosition position = SqlServerPosition.fromSource(source.getString("commit_lsn"),
          source.getString("change_lsn"), source.getInt64("event_serial_no"));
      event.setLsn(position.changeLsnText()).setSourcePosition(position.encoded()).setTransactionId(null);
    } else {
      SourcePosition position = SourcePosition.fromSequence(source.getString("sequence"), source.getInt64("lsn"));
      event.setLsn(position.lsnText()).setSourcePosition(position.encoded()).setTransactionId(source.getInt64("txId"));
    }
    return Optional.of(event.build());
  }

  /**
   * A table or column name as the events carry it: lower case, without schema, whatever the source's
   * spelling ({@code dbo.Payment} on SQL Server, which ignores case, is {@code payment} as on PostgreSQL).
   */
  static String name(String sourceName) {
    return sourceName.toLowerCase(Locale.ROOT);
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
      columns.put(name(field.name()), text(field.schema(), row.get(field)));
    }
    return columns;
  }

  /**
   * A column value as text: decimals arrive as plain strings (decimal.handling.mode=string), dates as
   * days since the epoch (io.debezium.time.Date), timestamps as epoch millis, micros or nanos.
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
      // SQL Server's DATETIME2(7)
      case "io.debezium.time.NanoTimestamp" -> {
        long nanos = ((Number) value).longValue();
        yield Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
            .atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
      }
      default -> String.valueOf(value);
    };
  }
}
