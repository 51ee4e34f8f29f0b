package io.loanofficer.toolspec;

import java.util.List;
import java.util.Optional;

/**
 * A lending tool as the model and the workers both see it: name, version, what it does, its
 * arguments. {@code portfolioWide} tools cover the caller's whole visible portfolio.
 */
public record ToolSpec(String name, String version, String description, List<ToolParameter> parameters,
    boolean portfolioWide) {

  public Optional<ToolParameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }
}
