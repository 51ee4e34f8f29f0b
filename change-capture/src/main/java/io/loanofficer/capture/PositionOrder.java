package io.loanofficer.capture;

/**
 * Source positions compared as the text the events carry, as every consumer of lending.changes
 * compares them (ADR 0011): each source writes its positions at one fixed width ({@link SourcePosition}
 * for PostgreSQL, {@link SqlServerPosition}), so text order is stream order. Positions of two sources
 * never compare: a topic holds the changes of one database.
 */
final class PositionOrder {

  /** Before every change: nothing published yet. */
  static final String NONE = "";

  /** Positions of another source than the one on the topic (a capture pointed at a second database). */
  static final class MixedSources extends IllegalStateException {
    MixedSources(String position, String highest) {
      super("lending.changes holds positions of " + source(highest) + " but this change comes from " + source(position)
          + ": one topic carries the changes of one database (a new source needs a new TOPIC_PREFIX)");
    }
  }

  private PositionOrder() {}

  /** Whether {@code position} comes after {@code highest} in the change stream. */
  static boolean isAfter(String position, String highest) {
    if (highest.isEmpty()) {
      return true;
    }
    if (position.length() != highest.length()) {
      throw new MixedSources(position, highest);
    }
    return position.compareTo(highest) > 0;
  }

  private static String source(String position) {
    return switch (position.length()) {
      case SourcePosition.ENCODED_LENGTH -> "PostgreSQL";
      case SqlServerPosition.ENCODED_LENGTH -> "SQL Server";
      default -> "an unknown source";
    };
  }
}
