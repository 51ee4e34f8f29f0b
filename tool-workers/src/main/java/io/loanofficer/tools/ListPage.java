package io.loanofficer.tools;

/**
 * Says that a list result is cut, never silently: which list ({@code field}), how many items it keeps
 * ({@code returned}) of how many ({@code total}). Written as the result's {@code page} object by
 * {@link ResultPager} (a result over the size limit) and by a tool that lists only its top items.
 */
public record ListPage(String field, int returned, int total, boolean complete) {

  public static ListPage cut(String field, int returned, int total) {
    return new ListPage(field, returned, total, false);
  }
}
