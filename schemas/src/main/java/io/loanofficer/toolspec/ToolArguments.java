package io.loanofficer.toolspec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a call's raw arguments against its {@link ToolSpec}: unknown names, missing required
 * ones and malformed values are all reported, never guessed.
 */
public final class ToolArguments {

  /** The outcome: normalised arguments, or the reasons they were refused. */
  public record Validated(Map<String, String> arguments, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private ToolArguments() {}

  public static Validated validate(ToolSpec spec, Map<String, ?> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, String> normalised = new LinkedHashMap<>();
    for (String name : raw.keySet()) {
      if (spec.parameter(name).isEmpty()) {
        problems.add("unknown argument '" + name + "'");
      }
    }
    for (ToolParameter p : spec.parameters()) {
      Object value = raw.get(p.name());
      if (value == null) {
        if (p.required()) {
          problems.add("missing argument '" + p.name() + "'");
        }
        continue;
      }
      if (!(value instanceof String) && !(value instanceof Number)) {
        problems.add("argument '" + p.name() + "' must be a string");
        continue;
      }
      p.kind().normalise(value.toString(), p.choices()).ifPresentOrElse(
          v -> normalised.put(p.name(), v),
          () -> problems.add("argument '" + p.name() + "' is malformed"
              + p.kind().hint().map(h -> " (" + h + ")").orElse(
                  p.choices().isEmpty() ? "" : " (one of " + String.join(", ", p.choices()) + ")")));
    }
    return new Validated(normalised, List.copyOf(problems));
  }
}
