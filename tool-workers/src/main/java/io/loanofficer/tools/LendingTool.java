package io.loanofficer.tools;

import io.loanofficer.toolspec.ToolSpec;
import java.time.LocalDate;
import java.util.Map;

/**
 * One lending tool: its spec (from the catalogue in schemas/), and its formula. Arguments arrive
 * validated and normalised by {@link ToolRunner}; the result is a record serialised to JSON with
 * snake_case names. Failures are {@link ToolException}s.
 */
public interface LendingTool {

  ToolSpec spec();

  Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf);
}
