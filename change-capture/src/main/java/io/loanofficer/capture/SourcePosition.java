package io.loanofficer.capture;

/**
 * Where a change sits in PostgreSQL's change stream: the commit LSN of the transaction streamed before
 * it, then the change's own LSN (Debezium's {@code source.sequence}). pgoutput streams transactions in
 * commit order and a transaction's changes in LSN order, so this pair grows strictly along the stream,
 * while the change LSN alone does not (transactions interleave in the WAL). SQL Server's positions:
 * {@link SqlServerPosition}.
 */
public record SourcePosition(long previousCommitLsn, long lsn) implements Comparable<SourcePosition> {

  /** Characters of {@link #encoded()}. */
  public static final int ENCODED_LENGTH = 33;

  /** Debezium's sequence, {@code ["<previous commit lsn>","<lsn>"]}, either may be null. */
  public static SourcePosition fromSequence(String sequence, long lsn) {
    if (sequence == null || sequence.isBlank()) {
      return new SourcePosition(0, lsn);
    }
    String[] parts = sequence.replaceAll("[\\[\\]\"\\s]", "").split(",");
    return new SourcePosition(parts.length > 0 ? number(parts[0]) : 0, lsn);
  }

  /** The fixed-width form carried on the event: its string order is the stream order. */
  public String encoded() {
    return String.format("%016X/%016X", previousCommitLsn, lsn);
  }

  public static SourcePosition decode(String encoded) {
    String[] parts = encoded.split("/");
    return new SourcePosition(Long.parseUnsignedLong(parts[0], 16), Long.parseUnsignedLong(parts[1], 16));
  }

  /** The change's LSN in PostgreSQL's notation (e.g. 0/1A2B3C8). */
  public String lsnText() {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }

  @Override
  public int compareTo(SourcePosition other) {
    int byCommit = Long.compareUnsigned(previousCommitLsn, other.previousCommitLsn);
    return byCommit != 0 ? byCommit : Long.compareUnsigned(lsn, other.lsn);
  }

  public boolean isAfter(SourcePosition other) {
    return compareTo(other) > 0;
  }

  private static long number(String text) {
    return text.isEmpty() || "null".equals(text) ? 0 : Long.parseLong(text);
  }
}
