package io.loanofficer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.capture.CaptureSettings.DatabaseKind;
import io.loanofficer.capture.CaptureSettings.InvalidCaptureSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CaptureSettingsTest {

  @Test
  void withoutAKindTheSourceIsTheRunCommandsPostgresql() {
    CaptureSettings settings = CaptureSettings.fromEnvironment(Map.of());
    Properties props = settings.debezium();

    assertThat(settings.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
    assertThat(props.getProperty("connector.class")).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
    assertThat(props.getProperty("database.hostname")).isEqualTo("127.0.0.1");
    assertThat(props.getProperty("database.port")).isEqualTo("5432");
    assertThat(props.getProperty("database.dbname")).isEqualTo("lending");
    assertThat(props.getProperty("database.user")).isEqualTo("postgres");
    assertThat(props.getProperty("slot.name")).isEqualTo("lending_changes");
    assertThat(props.getProperty("table.include.list"))
        .isEqualTo("public.borrower,public.loan,public.payment,public.collateral,public.equipment");
    assertThat(props.getProperty("column.exclude.list"))
        .isEqualTo("public.borrower.email,public.borrower.phone,public.borrower.address");
    assertThat(props.getProperty("schema.history.internal")).isNull();
    assertThat(props.stringPropertyNames()).noneMatch(name -> name.startsWith("driver."));
  }

  @Test
  void sqlServerReadsCdcOfTheDboTablesWithItsSchemaHistoryInKafka() {
    CaptureSettings settings = CaptureSettings.fromEnvironment(Map.of(
        "LENDING_DB_KIND", "SqlServer",
        "LENDING_DB_HOST", "sqlserver",
        "LENDING_DB_USER", "sa",
        "LENDING_DB_PASSWORD", "S3cret!pw",
        "LENDING_DB_JDBC_PROPERTIES", "encrypt=true; trustServerCertificate=true;",
        "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
        "KAFKA_REPLICATION_FACTOR", "3"));
    Properties props = settings.debezium();

    assertThat(settings.kind()).isEqualTo(DatabaseKind.SQLSERVER);
    assertThat(props.getProperty("connector.class")).isEqualTo("io.debezium.connector.sqlserver.SqlServerConnector");
    assertThat(props.getProperty("database.hostname")).isEqualTo("sqlserver");
    assertThat(props.getProperty("database.port")).isEqualTo("1433");
    assertThat(props.getProperty("database.names")).isEqualTo("lending");
    assertThat(props.getProperty("database.user")).isEqualTo("sa");
    assertThat(props.getProperty("database.password")).isEqualTo("S3cret!pw");
    assertThat(props.getProperty("driver.encrypt")).isEqualTo("true");
    assertThat(props.getProperty("driver.trustServerCertificate")).isEqualTo("true");
    assertThat(props.getProperty("table.include.list"))
        .isEqualTo("dbo.borrower,dbo.loan,dbo.payment,dbo.collateral,dbo.equipment");
    assertThat(props.getProperty("column.exclude.list"))
        .isEqualTo("dbo.borrower.email,dbo.borrower.phone,dbo.borrower.address");
    assertThat(props.getProperty("snapshot.mode")).isEqualTo("no_data");
    assertThat(props.getProperty("schema.history.internal"))
        .isEqualTo("io.debezium.storage.kafka.history.KafkaSchemaHistory");
    assertThat(props.getProperty("schema.history.internal.kafka.topic")).isEqualTo("lending.changes.schema-history");
    assertThat(props.getProperty("schema.history.internal.kafka.bootstrap.servers")).isEqualTo("kafka:9092");
    assertThat(props.getProperty("offset.storage.topic")).isEqualTo("lending.changes.offsets");
    assertThat(props.getProperty("offset.storage.replication.factor")).isEqualTo("3");
    assertThat(props.getProperty("slot.name")).isNull();
    assertThat(props.getProperty("database.dbname")).isNull();
    assertThat(settings.sqlServerJdbcUrl())
        .isEqualTo("jdbc:sqlserver://sqlserver:1433;databaseName=lending;encrypt=true;trustServerCertificate=true");
    assertThat(settings.toString()).doesNotContain("S3cret!pw");
  }

  @Test
  void sqlServerVerifiesTheServersCertificateUnlessToldOtherwise() {
    CaptureSettings settings = CaptureSettings.fromEnvironment(Map.of("LENDING_DB_KIND", "sqlserver",
        "LENDING_DB_SCHEMA", "lending"));

    assertThat(settings.driverProperties()).containsExactlyInAnyOrderEntriesOf(
        Map.of("encrypt", "true", "trustServerCertificate", "false"));
    assertThat(settings.user()).isEqualTo("lending");
    assertThat(settings.debezium().getProperty("table.include.list"))
        .isEqualTo("lending.borrower,lending.loan,lending.payment,lending.collateral,lending.equipment");
  }

  @Test
  void settingsThatCannotWorkAreRefusedByName() {
    assertThatThrownBy(() -> CaptureSettings.fromEnvironment(Map.of("LENDING_DB_KIND", "oracle")))
        .isInstanceOf(InvalidCaptureSettings.class)
        .hasMessage("LENDING_DB_KIND must be postgresql or sqlserver, not 'oracle'");
    assertThatThrownBy(() -> CaptureSettings.fromEnvironment(Map.of("LENDING_DB_PORT", "14x33")))
        .isInstanceOf(InvalidCaptureSettings.class)
        .hasMessage("LENDING_DB_PORT must be a whole number, not '14x33'");
    assertThatThrownBy(() -> CaptureSettings.fromEnvironment(Map.of("LENDING_DB_KIND", "sqlserver",
        "LENDING_DB_JDBC_PROPERTIES", "encrypt=true;trustStorePassword")))
        .isInstanceOf(InvalidCaptureSettings.class)
        .hasMessage("LENDING_DB_JDBC_PROPERTIES: every entry is key=value, separated by ';'");
  }
}
