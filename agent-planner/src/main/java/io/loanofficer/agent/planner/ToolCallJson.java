package io.loanofficer.agent.planner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tool-call JSON as the planner reads and writes it: arguments and results, with decimals kept exact (0.86 is 0.86, not a binary double). */
final class ToolCallJson {

  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private ToolCallJson() {}

  static Optional<JsonNode> parse(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readTree(json));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /** A call's arguments as strings (scalars only); empty when the JSON is not an object. */
  static Map<String, String> arguments(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    parse(json).filter(JsonNode::isObject).ifPresent(node -> {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          out.put(e.getKey(), e.getValue().asString());
        }
      }
    });
    return out;
  }

  static String write(Map<String, String> arguments) {
    return MAPPER.writeValueAsString(arguments);
  }
}
