package io.loanofficer.tools.support;

import java.time.LocalDate;
import java.util.Locale;

/** Seasons of the domain: spring Mar-May, summer Jun-Aug, fall Sep-Nov, winter Dec-Feb. */
public enum Season {
  SPRING, SUMMER, FALL, WINTER;

  public static Season of(LocalDate date) {
    return switch (date.getMonth()) {
      case MARCH, APRIL, MAY -> SPRING;
      case JUNE, JULY, AUGUST -> SUMMER;
      case SEPTEMBER, OCTOBER, NOVEMBER -> FALL;
      case DECEMBER, JANUARY, FEBRUARY -> WINTER;
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
