package io.loanofficer.capture;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a change sits in SQL Server's CDC stream: the LSN of its transaction's commit, the change's own
 * LSN ({@code __$seqval}) and Debezium's event serial number (1; 2 for the second event of one row
 * change, as when a key update is sent as a delete and a create). The capture job writes whole
 * transactions in commit order and Debezium reads the change tables in the order of these three, so
 * the triple grows along the stream. An LSN has 10 bytes (Debezium writes {@code 0000002d:00000a28:0003}),
 * more than a long: each part is kept as fixed-width upper-case hex, so text order is stream order.
 */
public record SqlServerPosition(String commitLsn, String changeLsn, long eventSerialNo) {

  /** Characters of {@link #encoded()}. */
  public static final int ENCODED_LENGTH = 58;

  private static final Pattern LSN_HEX = Pattern.compile("[0-9A-F]{20}");
  private static final Pattern ENCODED = Pattern.compile("[0-9A-F]{20}/[0-9A-F]{20}/[0-9A-F]{16}");
  /** A part Debezium leaves out (a snapshot record has no change LSN). */
  private static final String NO_LSN = "0".repeat(20);

  public SqlServerPosition {
    if (!LSN_HEX.matcher(commitLsn).matches() || !LSN_HEX.matcher(changeLsn).matches()) {
      throw new IllegalArgumentException("A SQL Server LSN is 20 upper-case hex digits");
    }
    if (eventSerialNo < 0) {
      throw new IllegalArgumentException("An event serial number is not negative");
    }
  }

  /**
   * From the {@code source} block of Debezium's SQL Server record: {@code commit_lsn}, {@code change_lsn}
   * (either may be null) and {@code event_serial_no} (null taken as 0).
   */
  public static SqlServerPosition fromSource(String commitLsn, String changeLsn, Long eventSerialNo) {
    return new SqlServerPosition(hex(commitLsn), hex(changeLsn), eventSerialNo == null ? 0 : eventSerialNo);
  }

  /** The fixed-width form carried on the event (58 characters): its string order is the stream order. */
  public String encoded() {
    return commitLsn + "/" + changeLsn + "/" + String.format("%016X", eventSerialNo);
  }

  public static SqlServerPosition decode(String encoded) {
    if (!ENCODED.matcher(encoded).matches()) {
      throw new IllegalArgumentException("Not a SQL Server source position: " + encoded);
    }
    String[] parts = encoded.split("/");
    return new SqlServerPosition(parts[0], parts[1], Long.parseUnsignedLong(parts[2], 16));
  }

  /** The change's LSN in Debezium's (and SQL Server tools') notation, e.g. {@code 0000002d:00000a20:0002}. */
  public String changeLsnText() {
    String lower = changeLsn.toLowerCase(Locale.ROOT);
    return lower.substring(0, 8) + ":" + lower.substring(8, 16) + ":" + lower.substring(16);
  }

  private static String hex(String lsn) {
    if (lsn == null || lsn.isBlank() || "NULL".equals(lsn)) {
      return NO_LSN;
    }
    String digits = lsn.replace(":", "").toUpperCase(Locale.ROOT);
    if (!LSN_HEX.matcher(digits).matches()) {
      throw new IllegalArgumentException("Not a SQL Server LSN: " + lsn);
    }
    return digits;
  }
}
