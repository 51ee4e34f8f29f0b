package io.loanofficer.toolspec;

import java.util.List;

/** One argument of a tool. */
public record ToolParameter(String name, ParameterKind kind, String description, boolean required,
    List<String> choices) {

  public static ToolParameter required(String name, ParameterKind kind, String description) {
    return new ToolParameter(name, kind, description, true, List.of());
  }

  public static ToolParameter optional(String name, ParameterKind kind, String description) {
    return new ToolParameter(name, kind, description, false, List.of());
  }

  public static ToolParameter choice(String name, boolean required, String description, String... choices) {
    return new ToolParameter(name, ParameterKind.CHOICE, description, required, List.of(choices));
  }
}
