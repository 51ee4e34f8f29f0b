package io.loanofficer.projection.siem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Checks SIEM documents against Elastic's own field reference, the vendored {@code ecs_flat.yml} of
 * one ECS version (test resource {@code ecs/<version>/ecs_flat.yml}). A document is valid when:
 * <ul>
 *   <li>{@code ecs.version} is that version;
 *   <li>every field outside {@code loanofficer.*} is defined there, holds a value of its type
 *       (keyword: a string, long: an integer, date: ISO-8601, ...), is an array exactly when ECS
 *       normalizes it to one, and is never null;
 *   <li>fields with allowed values (event.kind, event.category, event.type, event.outcome) hold only
 *       those, and every event.category/event.type pair is one of the category's expected types;
 *   <li>names are nested objects, never dotted keys (one form, so every field is found).
 * </ul>
 */
public final class EcsValidator {

  /** The custom namespace: anything under it is ours, not ECS's. */
  public static final String CUSTOM_ROOT = "loanofficer";

  private static final Pattern IP = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** One ECS field: its Elasticsearch type, whether ECS wants an array, what it allows. */
  record Field(String name, String type, boolean array, String objectType, Set<String> allowed) {}

  /** What a run found: documents and field values checked, and every violation. */
  public record Report(int documents, int ecsFields, int customFields, List<String> violations) {
    @Override
    public String toString() {
      return "ECS validation: " + documents + " documents, " + ecsFields + " ECS field values and " + customFields
          + " loanofficer.* values checked, " + violations.size() + " violations"
          + (violations.isEmpty() ? "" : ":\n  " + String.join("\n  ", violations));
    }
  }

  private final String version;
  private final Map<String, Field> fields;
  private final Map<String, Set<String>> expectedTypes;
  private int documents;
  private int ecsFields;
  private int customFields;
  private final List<String> violations = new ArrayList<>();

  private EcsValidator(String version, Map<String, Field> fields, Map<String, Set<String>> expectedTypes) {
    this.version = version;
    this.fields = fields;
    this.expectedTypes = expectedTypes;
  }

  /** The validator of one ECS version, read from the test resource {@code ecs/<version>/ecs_flat.yml}. */
  @SuppressWarnings("unchecked")
  public static EcsValidator forVersion(String version) {
    String resource = "/ecs/" + version + "/ecs_flat.yml";
    Map<String, Map<String, Object>> flat;
    try (InputStream in = EcsValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No ECS field reference " + resource + " on the classpath");
      }
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(16 * 1024 * 1024);
      flat = new Yaml(options).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Field> fields = new HashMap<>();
    Map<String, Set<String>> expected = new HashMap<>();
    for (Map.Entry<String, Map<String, Object>> entry : flat.entrySet()) {
      Map<String, Object> def = entry.getValue();
      List<String> normalize = (List<String>) def.getOrDefault("normalize", List.of());
      Set<String> allowed = null;
      List<Map<String, Object>> values = (List<Map<String, Object>>) def.get("allowed_values");
      if (values != null) {
        allowed = new LinkedHashSet<>();
        for (Map<String, Object> value : values) {
          String name = (String) value.get("name");
          allowed.add(name);
          if (entry.getKey().equals("event.category")) {
            // sorted, so that messages are stable
            expected.put(name, Collections.unmodifiableSortedSet(
                new TreeSet<>((List<String>) value.getOrDefault("expected_event_types", List.of()))));
          }
        }
      }
      fields.put(entry.getKey(), new Field(entry.getKey(), (String) def.get("type"), normalize.contains("array"),
          (String) def.get("object_type"), allowed));
    }
    if (!fields.containsKey("event.category") || expected.isEmpty()) {
      throw new IllegalStateException(resource + " has no event.category allowed values: not an ecs_flat.yml");
    }
    return new EcsValidator(version, fields, expected);
  }

  public String version() {
    return version;
  }

  /** How many fields the reference defines. */
  public int definedFields() {
    return fields.size();
  }

  /** Validates one document; its violations are returned and added to the run's report. */
  public List<String> validate(String id, JsonNode doc) {
    List<String> found = new ArrayList<>();
    if (!doc.isObject()) {
      found.add(id + ": not a JSON object");
    } else {
      walk(id, "", doc, found);
      JsonNode ecsVersion = doc.path("ecs").path("version");
      if (!ecsVersion.isString() || !ecsVersion.asString().equals(version)) {
        found.add(id + ": ecs.version is " + ecsVersion + ", the validator's reference is " + version);
      }
      checkCategorization(id, doc.path("event"), found);
    }
    documents++;
    violations.addAll(found);
    return found;
  }

  /** Validates documents keyed by their id; returns the report of this validator's whole run. */
  public Report validateAll(Map<String, JsonNode> documents) {
    documents.forEach(this::validate);
    return report();
  }

  public Report report() {
    return new Report(documents, ecsFields, customFields, List.copyOf(violations));
  }

  private void walk(String id, String prefix, JsonNode node, List<String> found) {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String key = property.getKey();
      if (key.contains(".")) {
        found.add(id + ": dotted key \"" + prefix + key + "\" (names are nested objects here)");
        continue;
      }
      String path = prefix + key;
      JsonNode value = property.getValue();
      if (path.equals(CUSTOM_ROOT)) {
        if (!value.isObject()) {
          found.add(id + ": " + CUSTOM_ROOT + " is not an object");
        }
        customFields += countLeaves(value);
        continue;
      }
      Field field = fields.get(path);
      if (field == null) {
        if (value.isObject()) {
          walk(id, path + ".", value, found);
        } else {
          found.add(id + ": " + path + " is not an ECS " + version + " field (custom fields go under "
              + CUSTOM_ROOT + ".*)");
        }
        continue;
      }
      checkField(id, field, value, found);
    }
  }

  private void checkField(String id, Field field, JsonNode value, List<String> found) {
    String path = field.name();
    switch (field.type()) {
      case "object" -> {
        if (!value.isObject()) {
          found.add(id + ": " + path + " is an ECS object, got " + kind(value));
          return;
        }
        // e.g. labels: every value below is of the object_type
        checkObjectValues(id, path, field.objectType(), value, found);
        return;
      }
      case "flattened" -> {
        ecsFields++;
        if (!value.isObject()) {
          found.add(id + ": " + path + " is flattened (an object), got " + kind(value));
        }
        return;
      }
      case "nested" -> {
        for (JsonNode element : value.isArray() ? elements(value) : List.of(value)) {
          if (!element.isObject()) {
            found.add(id + ": " + path + " is nested (objects), got " + kind(element));
          } else {
            walk(id, path + ".", element, found);
          }
        }
        return;
      }
      default -> { }
    }
    ecsFields++;
    if (value.isArray() != field.array()) {
      found.add(id + ": " + path + (field.array() ? " must be an array" : " must be a single value, not an array"));
    }
    for (JsonNode element : value.isArray() ? elements(value) : List.of(value)) {
      String problem = typeProblem(field.type(), element);
      if (problem != null) {
        found.add(id + ": " + path + " is " + field.type() + ", " + problem);
      } else if (field.allowed() != null && !field.allowed().contains(element.asString())) {
        found.add(id + ": " + path + " = \"" + element.asString() + "\" is not an allowed value " + field.allowed());
      }
    }
  }

  private void checkObjectValues(String id, String path, String objectType, JsonNode object, List<String> found) {
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String child = path + "." + property.getKey();
      JsonNode value = property.getValue();
      if (value.isObject()) {
        checkObjectValues(id, child, objectType, value, found);
        continue;
      }
      ecsFields++;
      String problem = objectType == null ? null : typeProblem(objectType, value);
      if (problem != null) {
        found.add(id + ": " + child + " is " + objectType + ", " + problem);
      }
    }
  }

  /** Every event.category/event.type pair must be one ECS expects for the category. */
  private void checkCategorization(String id, JsonNode event, List<String> found) {
    JsonNode categories = event.path("category");
    JsonNode types = event.path("type");
    if (!categories.isArray() || !types.isArray()) {
      if (categories.isMissingNode() != types.isMissingNode()) {
        found.add(id + ": event.category and event.type go together");
      }
      return;
    }
    for (JsonNode category : categories) {
      Set<String> expected = expectedTypes.get(category.asString());
      if (expected == null) {
        continue; // reported as a disallowed value already
      }
      for (JsonNode type : types) {
        if (!expected.contains(type.asString())) {
          found.add(id + ": event.category " + category.asString() + " does not allow event.type " + type.asString()
              + " (ECS " + version + " expects " + expected + ")");
        }
      }
    }
  }

  /** Null when the value fits the Elasticsearch type, else what is wrong. */
  static String typeProblem(String type, JsonNode value) {
    if (value.isNull()) {
      return "got null";
    }
    return switch (type) {
      case "keyword", "constant_keyword", "wildcard", "match_only_text", "text" ->
          value.isString() ? null : "got " + kind(value);
      case "long", "integer", "short", "byte" -> value.isIntegralNumber() ? null : "got " + kind(value);
      case "float", "double", "half_float", "scaled_float" -> value.isNumber() ? null : "got " + kind(value);
      case "boolean" -> value.isBoolean() ? null : "got " + kind(value);
      case "date" -> isDate(value) ? null : "got " + kind(value) + " " + value + " (not ISO-8601 or epoch millis)";
      case "ip" -> value.isString() && IP.matcher(value.asString()).matches() ? null : "got " + value;
      case "geo_point" -> value.isObject() && value.path("lat").isNumber() && value.path("lon").isNumber()
          || value.isString() ? null : "got " + kind(value);
      default -> "an ECS type this validator does not know";
    };
  }

  private static boolean isDate(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (!value.isString()) {
      return false;
    }
    try {
      OffsetDateTime.parse(value.asString());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** An array's elements, an object's values, or the value itself. */
  private static List<JsonNode> elements(JsonNode node) {
    if (!node.isArray() && !node.isObject()) {
      return List.of(node);
    }
    List<JsonNode> elements = new ArrayList<>();
    node.forEach(elements::add);
    return elements;
  }

  private static int countLeaves(JsonNode node) {
    if (node.isObject() || node.isArray()) {
      int leaves = 0;
      for (JsonNode child : elements(node)) {
        leaves += countLeaves(child);
      }
      return leaves;
    }
    return 1;
  }
}
