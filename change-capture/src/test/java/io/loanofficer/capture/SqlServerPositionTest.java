package io.loanofficer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlServerPositionTest {

  @Test
  void debeziumsLsnsBecomeFixedWidthUpperCaseHexInCommitChangeSerialOrder() {
    SqlServerPosition position = SqlServerPosition.fromSource("0000002d:00000a28:0003", "0000002d:00000a20:0002", 1L);

    assertThat(position.encoded()).isEqualTo("0000002D00000A280003/0000002D00000A200002/0000000000000001")
        .hasSize(SqlServerPosition.ENCODED_LENGTH);
    assertThat(position.changeLsnText()).isEqualTo("0000002d:00000a20:0002");
    assertThat(SqlServerPosition.decode(position.encoded())).isEqualTo(position);
  }

  @Test
  void missingPartsAreZeros() {
    // a snapshot record: a commit LSN, no change LSN, no serial number
    assertThat(SqlServerPosition.fromSource("00000025:00000d10:0001", null, null).encoded())
        .isEqualTo("0000002500000D100001/00000000000000000000/0000000000000000");
    assertThat(SqlServerPosition.fromSource("NULL", "NULL", 0L).encoded())
        .isEqualTo("00000000000000000000/00000000000000000000/0000000000000000");
  }

  @Test
  void textOrderIsStreamOrder() {
    // in stream order: by commit LSN, then change LSN, then serial number; among them the cases that
    // unpadded numbers would sort otherwise (9 before a, 2 before 10)
    List<SqlServerPosition> stream = List.of(
        SqlServerPosition.fromSource("00000009:ffffffff:ffff", "00000009:fffffff0:0002", 1L),
        SqlServerPosition.fromSource("0000000a:00000000:0001", "00000009:fffffff8:0004", 1L),
        SqlServerPosition.fromSource("0000000a:00000000:0001", "0000000a:00000000:0001", 1L),
        SqlServerPosition.fromSource("0000000a:00000000:0001", "0000000a:00000000:0001", 2L),
        SqlServerPosition.fromSource("0000000a:00000000:0001", "0000000a:00000000:0001", 10L),
        SqlServerPosition.fromSource("0000000a:00000100:0001", "0000000a:000000f0:0003", 1L));
    List<String> texts = new ArrayList<>(stream.stream().map(SqlServerPosition::encoded).toList());
    List<String> sorted = new ArrayList<>(texts);
    sorted.sort(null);

    assertThat(sorted).containsExactlyElementsOf(texts).doesNotHaveDuplicates();
    for (int i = 1; i < texts.size(); i++) {
      assertThat(PositionOrder.isAfter(texts.get(i), texts.get(i - 1))).isTrue();
      assertThat(PositionOrder.isAfter(texts.get(i - 1), texts.get(i))).isFalse();
    }
    assertThat(PositionOrder.isAfter(texts.get(2), texts.get(2))).isFalse();
    assertThat(PositionOrder.isAfter(texts.get(0), PositionOrder.NONE)).isTrue();
  }

  @Test
  void positionsOfTwoSourcesNeverCompare() {
    String postgres = new SourcePosition(0x19F0A20L, 0x1A2B3C8L).encoded();
    String sqlServer = SqlServerPosition.fromSource("0000002d:00000a28:0003", "0000002d:00000a20:0002", 1L).encoded();

    assertThat(postgres).isEqualTo("00000000019F0A20/0000000001A2B3C8").hasSize(SourcePosition.ENCODED_LENGTH);
    assertThatThrownBy(() -> PositionOrder.isAfter(sqlServer, postgres))
        .isInstanceOf(PositionOrder.MixedSources.class)
        .hasMessage("lending.changes holds positions of PostgreSQL but this change comes from SQL Server: one topic"
            + " carries the changes of one database (a new source needs a new TOPIC_PREFIX)");
  }

  @Test
  void malformedLsnsAreRefused() {
    assertThatThrownBy(() -> SqlServerPosition.fromSource("2d:a28:3", null, 1L))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Not a SQL Server LSN: 2d:a28:3");
    assertThatThrownBy(() -> SqlServerPosition.decode("00000000019F0A20/0000000001A2B3C8"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlServerPosition.fromSource(null, null, -1L)).isInstanceOf(IllegalArgumentException.class);
  }
}
