package io.loanofficer.reporting.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The days a report covers: whole UTC days from {@code from} to {@code to}, both included, so the
 * instants [from 00:00Z, to + 1 day 00:00Z). At most {@link #MAX_DAYS} days: the daily chart stays
 * readable, and a longer view is several reports.
 */
public record ReportPeriod(LocalDate from, LocalDate to) {

  public static final int MAX_DAYS = 366;

  /** A range the report cannot be made for, with what is wrong (the CLI's exit 2, the API's 400). */
  public static final class InvalidPeriodException extends IllegalArgumentException {
    public InvalidPeriodException(String message) {
      super(message);
    }
  }

  public ReportPeriod {
    if (from == null || to == null) {
      throw new InvalidPeriodException("from and to are both required (YYYY-MM-DD)");
    }
    if (to.isBefore(from)) {
      throw new InvalidPeriodException("to (" + to + ") is before from (" + from + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
      throw new InvalidPeriodException("at most " + MAX_DAYS + " days in one report");
    }
  }

  /** Parses two ISO dates (YYYY-MM-DD). */
  public static ReportPeriod parse(String from, String to) {
    return new ReportPeriod(date("from", from), date("to", to));
  }

  private static LocalDate date(String name, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidPeriodException(name + " is required (YYYY-MM-DD)");
    }
    if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new InvalidPeriodException(name + " is not a date YYYY-MM-DD: " + abbreviated(text));
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidPeriodException(name + " is not a valid date: " + text);
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "...";
  }

  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the period. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public boolean includes(Instant at) {
    return at != null && !at.isBefore(start()) && at.isBefore(end());
  }

  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }
}
