package io.loanofficer.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps results within a size limit without ever cutting them silently: a result that is too large
 * keeps the first items of its largest list that fit, and says so in a {@code page} object
 * ({@link ListPage}); one that cannot be made
 * to fit is refused.
 */
public final class ResultPager {

  /** The result as it may be sent, or null when no page of it fits. */
  public static String fit(ObjectMapper json, String resultJson, int maxBytes) {
    return resultJson.length() <= maxBytes ? resultJson : fit(json, json.readTree(resultJson), resultJson, maxBytes);
  }

  /** The same for a result whose tree the caller has: {@code resultJson} is {@code root} written. */
  public static String fit(ObjectMapper json, JsonNode root, String resultJson, int maxBytes) {
    if (resultJson.length() <= maxBytes) {
      return resultJson;
    }
    if (!(root instanceof ObjectNode object)) {
      return null;
    }
    String largest = null;
    int largestSize = -1;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (field.getValue() instanceof ArrayNode array && array.size() > largestSize) {
        largest = field.getKey();
        largestSize = array.size();
      }
    }
    if (largest == null) {
      return null;
    }
    ArrayNode all = (ArrayNode) object.get(largest);
    List<JsonNode> items = new ArrayList<>();
    all.forEach(items::add);
    // The most items that fit: a page's length grows with every item, so it is the count where the
    // items' own lengths run out, checked by writing that page and the one with an item more. Only
    // the items up to the limit are written, never the whole list (a whole bank's list is megabytes).
    String empty = page(json, object, largest, items, 0);
    if (empty.length() > maxBytes) {
      return null;
    }
    int count = 0;
    long length = empty.length();
    while (count < items.size()) {
      length += json.writeValueAsString(items.get(count)).length() + (count > 0 ? 1 : 0)
          + digits(count + 1) - digits(count);
      if (length > maxBytes) {
        break;
      }
      count++;
    }
    String best = page(json, object, largest, items, count);
    if (best.length() <= maxBytes
        && (count == items.size() || page(json, object, largest, items, count + 1).length() > maxBytes)) {
      return best;
    }
    return search(json, object, largest, items, maxBytes);
  }

  /** The most items that fit by bisection: the reference the fast path is checked against. */
  static String search(ObjectMapper json, ObjectNode object, String largest, List<JsonNode> items, int maxBytes) {
    int low = 0;
    int high = items.size();
    String best = null;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      String candidate = page(json, object, largest, items, mid);
      if (candidate.length() <= maxBytes) {
        best = candidate;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return best;
  }

  private static int digits(int n) {
    return Integer.toString(n).length();
  }

  /** The result with the first {@code count} items of {@code field} and the page object; shares the other fields. */
  private static String page(ObjectMapper json, ObjectNode original, String field, List<JsonNode> items, int count) {
    ObjectNode copy = json.createObjectNode();
    copy.setAll(original);
    ArrayNode kept = copy.putArray(field);
    items.subList(0, count).forEach(kept::add);
    copy.set("page", json.valueToTree(ListPage.cut(field, count, items.size())));
    return json.writeValueAsString(copy);
  }

  private ResultPager() {}
}
