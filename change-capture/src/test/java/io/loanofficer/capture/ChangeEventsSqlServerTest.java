package io.loanofficer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Debezium SQL Server change records, built as the connector (3.6) builds them: envelope, the
 * {@code io.debezium.connector.sqlserver.Source} block, key and row structs named after
 * {@code lending.lending.dbo.<table>}; they come out as the same events as PostgreSQL's.
 */
class ChangeEventsSqlServerTest {

  private static final Instant CAPTURED = Instant.parse("2026-12-01T09:00:01.250Z");
  private static final long COMMITTED_MS = 1_796_115_600_000L; // 2026-12-01T09:00:00Z
  private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.sqlserver.Source")
      .field("version", Schema.STRING_SCHEMA)
      .field("connector", Schema.STRING_SCHEMA)
      .field("name", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.INT64_SCHEMA)
      .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").defaultValue("false").build())
      .field("db", Schema.STRING_SCHEMA)
      .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
      .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
      .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
      .field("schema", Schema.STRING_SCHEMA)
      .field("table", Schema.STRING_SCHEMA)
      .field("change_lsn", Schema.OPTIONAL_STRING_SCHEMA)
      .field("commit_lsn", Schema.OPTIONAL_STRING_SCHEMA)
      .field("event_serial_no", Schema.OPTIONAL_INT64_SCHEMA)
      .build();
  private static final Schema DATE = SchemaBuilder.int32().name("io.debezium.time.Date").version(1).build();

  private final ChangeEvents events = new ChangeEvents(Clock.fixed(CAPTURED, ZoneOffset.UTC));

  @Test
  void aPaymentTurned45DaysLateIsTheSameEventAsFromPostgresqlWithSqlServersPosition() {
    Schema key = SchemaBuilder.struct().name("lending.lending.dbo.payment.Key")
        .field("payment_id", Schema.STRING_SCHEMA).build();
    Schema row = SchemaBuilder.struct().name("lending.lending.dbo.payment.Value").optional()
        .field("payment_id", Schema.STRING_SCHEMA)
        .field("loan_id", Schema.STRING_SCHEMA)
        .field("payment_date", DATE)
        .field("amount", Schema.STRING_SCHEMA)
        .field("status", Schema.STRING_SCHEMA)
        .field("days_late", Schema.INT32_SCHEMA)
        .build();
    Struct before = new Struct(row).put("payment_id", "P002").put("loan_id", "L001").put("payment_date", 19783)
        .put("amount", "909.59").put("status", "On Time").put("days_late", 0);
    Struct after = new Struct(row).put("payment_id", "P002").put("loan_id", "L001").put("payment_date", 19828)
        .put("amount", "909.59").put("status", "Late").put("days_late", 45);
    // the bank's DBA spelt the table Payment: SQL Server ignores the case, the event does not carry it
    SourceRecord record = record("payment", key, new Struct(key).put("payment_id", "P002"), row, before, after, "u",
        source("dbo", "Payment", "0000002d:00000a28:0003", "0000002d:00000a20:0002", 2L));

    LendingChangeCaptured change = events.toEvent(record).orElseThrow();

    assertThat(ChangeEvents.kafkaKey(change)).isEqualTo("payment/P002");
    assertThat(change).isEqualTo(LendingChangeCaptured.newBuilder()
        .setTable("payment")
        .setPrimaryKey("P002")
        .setOperation(ChangeOperation.UPDATE)
        .setBefore(ordered("payment_id", "P002", "loan_id", "L001", "payment_date", "2024-03-01", "amount", "909.59",
            "status", "On Time", "days_late", "0"))
        .setAfter(ordered("payment_id", "P002", "loan_id", "L001", "payment_date", "2024-04-15", "amount", "909.59",
            "status", "Late", "days_late", "45"))
        .setLsn("0000002d:00000a20:0002")
        .setSourcePosition("0000002D00000A280003/0000002D00000A200002/0000000000000002")
        .setTransactionId(null)
        .setCommittedAt(Instant.ofEpochMilli(COMMITTED_MS))
        .setCapturedAt(CAPTURED)
        .build());
  }

  @Test
  void upperCaseTableAndColumnNamesComeOutAsThePostgresqlOnes() {
    Schema key = SchemaBuilder.struct().name("lending.lending.dbo.LOAN.Key").field("LOAN_ID", Schema.STRING_SCHEMA).build();
    Schema row = SchemaBuilder.struct().name("lending.lending.dbo.LOAN.Value").optional()
        .field("LOAN_ID", Schema.STRING_SCHEMA).field("Status", Schema.STRING_SCHEMA).build();
    SourceRecord record = record("LOAN", key, new Struct(key).put("LOAN_ID", "L003"), row,
        new Struct(row).put("LOAN_ID", "L003").put("Status", "Pending"),
        new Struct(row).put("LOAN_ID", "L003").put("Status", "Defaulted"), "u",
        source("dbo", "LOAN", "00000031:00000190:0004", "00000031:00000188:0002", 1L));

    LendingChangeCaptured change = events.toEvent(record).orElseThrow();

    assertThat(ChangeEvents.kafkaKey(change)).isEqualTo("loan/L003");
    assertThat(change.getBefore()).containsExactlyEntriesOf(ordered("loan_id", "L003", "status", "Pending"));
    assertThat(change.getAfter()).containsExactlyEntriesOf(ordered("loan_id", "L003", "status", "Defaulted"));
    assertThat(change.getSourcePosition()).isEqualTo("00000031000001900004/00000031000001880002/0000000000000001");
  }

  @Test
  void aDeleteHasNoAfterImageAndAnInsertNoBeforeImage() {
    Schema key = SchemaBuilder.struct().name("lending.lending.dbo.equipment.Key")
        .field("equipment_id", Schema.STRING_SCHEMA).build();
    Schema row = SchemaBuilder.struct().name("lending.lending.dbo.equipment.Value").optional()
        .field("equipment_id", Schema.STRING_SCHEMA).field("purchase_year", Schema.INT32_SCHEMA).build();
    Struct image = new Struct(row).put("equipment_id", "E001").put("purchase_year", 2019);

    LendingChangeCaptured deleted = events.toEvent(record("equipment", key, new Struct(key).put("equipment_id", "E001"),
        row, image, null, "d", source("dbo", "equipment", "00000031:00000200:0003", "00000031:000001f8:0002", 1L)))
        .orElseThrow();
    LendingChangeCaptured created = events.toEvent(record("equipment", key, new Struct(key).put("equipment_id", "E001"),
        row, null, image, "c", source("dbo", "equipment", "00000031:00000210:0003", "00000031:00000208:0002", 1L)))
        .orElseThrow();

    assertThat(deleted.getOperation()).isEqualTo(ChangeOperation.DELETE);
    assertThat(deleted.getBefore()).containsExactlyEntriesOf(ordered("equipment_id", "E001", "purchase_year", "2019"));
    assertThat(deleted.getAfter()).isNull();
    assertThat(created.getOperation()).isEqualTo(ChangeOperation.CREATE);
    assertThat(created.getBefore()).isNull();
    assertThat(created.getSourcePosition()).isGreaterThan(deleted.getSourcePosition());
  }

  private static Struct source(String schema, String table, String commitLsn, String changeLsn, long serial) {
    return new Struct(SOURCE).put("version", "3.6.1.Final").put("connector", "sqlserver").put("name", "lending")
        .put("ts_ms", COMMITTED_MS).put("snapshot", "false").put("db", "lending").put("schema", schema).put("table", table)
        .put("change_lsn", changeLsn).put("commit_lsn", commitLsn).put("event_serial_no", serial);
  }

  private static SourceRecord record(String table, Schema key, Struct keyValue, Schema row, Struct before, Struct after,
      String op, Struct source) {
    Schema envelope = SchemaBuilder.struct().name("lending.lending.dbo." + table + ".Envelope")
        .field("before", row).field("after", row).field("source", SOURCE)
        .field("transaction", SchemaBuilder.struct().optional().name("event.block")
            .field("id", Schema.STRING_SCHEMA).build())
        .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    Struct value = new Struct(envelope).put("before", before).put("after", after).put("source", source)
        .put("op", op).put("ts_ms", COMMITTED_MS + 900);
    return new SourceRecord(Map.of("server", "lending", "database", "lending"),
        Map.of("commit_lsn", source.getString("commit_lsn"), "change_lsn", source.getString("change_lsn")),
        "lending.lending.dbo." + table, key, keyValue, envelope, value);
  }

  private static Map<String, String> ordered(String... namesAndValues) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      columns.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return columns;
  }
}
