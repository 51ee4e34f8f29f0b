package io.loanofficer.tools;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.toolspec.ToolArguments;
import io.loanofficer.toolspec.ToolCatalogue;
import io.loanofficer.toolspec.ToolSpec;
import io.loanofficer.tools.pii.PiiTokenizer;
import io.loanofficer.tools.pii.ResultMasker;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one tool call: looks the tool up, validates its arguments against the catalogue spec, runs
 * it on the injectable clock, and turns the outcome into a {@link ToolResult}. Never throws for a
 * bad call: every call ends in a result or a typed error.
 */
public class ToolRunner {

  private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

  /** Results are written with snake_case names, as the domain document names the fields. */
  public static final ObjectMapper RESULT_JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  /** Default bound of one result: large enough for any single-borrower answer, small enough for a prompt. */
  public static final int DEFAULT_MAX_RESULT_BYTES = 64 * 1024;

  private final Map<String, LendingTool> tools;
  private final Clock clock;
  private final int maxResultBytes;
  private final ResultMasker masker;

  public ToolRunner(List<LendingTool> tools, Clock clock, PiiTokenizer tokenizer) {
    this(tools, clock, DEFAULT_MAX_RESULT_BYTES, tokenizer);
  }

  public ToolRunner(List<LendingTool> tools, Clock clock, int maxResultBytes, PiiTokenizer tokenizer) {
    this.tools = tools.stream().collect(Collectors.toUnmodifiableMap(t -> t.spec().name(), Function.identity()));
    this.clock = clock;
    this.maxResultBytes = maxResultBytes;
    this.masker = new ResultMasker(RESULT_JSON, tokenizer);
  }

  /**
   * Runs the call for the caller (whose entitlements the tools enforce) in the given conversation:
   * personal data in the result is replaced by that conversation's tokens ({@link ResultMasker})
   * before the result leaves this method, so the raw values never reach Kafka, the model, the logs
   * or the audit trail.
   */
  public ToolResult run(String toolName, String argumentsJson, Caller caller, String conversationId) {
    ToolResult result = runUnmasked(toolName, argumentsJson, caller, conversationId);
    return result.errorMessage() == null ? result
        : ToolResult.failed(result.tool(), result.toolVersion(), result.outcome(),
            masker.maskText(result.errorMessage(), conversationId));
  }

  private ToolResult runUnmasked(String toolName, String argumentsJson, Caller caller, String conversationId) {
    LendingTool tool = tools.get(toolName);
    if (tool == null) {
      return ToolResult.failed(String.valueOf(toolName), "?", ToolOutcome.INVALID_ARGUMENT,
          "unknown tool '" + toolName + "'; known tools: " + String.join(", ", ToolCatalogue.ALL.stream().map(ToolSpec::name).toList()));
    }
    ToolSpec spec = tool.spec();
    if (!caller.mayUseTools()) {
      return ToolResult.failed(spec.name(), spec.version(), ToolOutcome.FORBIDDEN, "this role may not use lending tools");
    }
    Map<String, Object> raw;
    try {
      raw = argumentsJson == null || argumentsJson.isBlank()
          ? Map.of()
          : RESULT_JSON.readValue(argumentsJson, new TypeReference<Map<String, Object>>() {});
    } catch (JacksonException e) {
      return ToolResult.failed(spec.name(), spec.version(), ToolOutcome.INVALID_ARGUMENT, "arguments are not a JSON object");
    }
    ToolArguments.Validated validated = ToolArguments.validate(spec, raw == null ? Map.of() : raw);
    if (!validated.valid()) {
      return ToolResult.failed(spec.name(), spec.version(), ToolOutcome.INVALID_ARGUMENT, String.join("; ", validated.problems()));
    }
    try {
      Object result = tool.execute(validated.arguments(), caller, LocalDate.now(clock));
      JsonNode masked = masker.maskTree(RESULT_JSON.writeValueAsString(result), conversationId);
      String json = ResultPager.fit(RESULT_JSON, masked, RESULT_JSON.writeValueAsString(masked), maxResultBytes);
      return json != null ? ToolResult.ok(spec.name(), spec.version(), json)
          : ToolResult.failed(spec.name(), spec.version(), ToolOutcome.INTERNAL,
              "the result is larger than " + maxResultBytes + " bytes and has no list to page; ask for less");
    } catch (ToolException e) {
      return ToolResult.failed(spec.name(), spec.version(), e.outcome(), e.getMessage());
    } catch (QueryTimeoutException e) {
      // the driver cancelled a query at the JDBC query timeout (the tool timeout)
      return ToolResult.failed(spec.name(), spec.version(), ToolOutcome.TIMEOUT, "a query did not finish within the tool timeout");
    } catch (RuntimeException e) {
      // The exception text may quote data; only its type is logged.
      log.error("Tool {} failed with {}", spec.name(), e.getClass().getName());
      return ToolResult.failed(spec.name(), spec.version(), ToolOutcome.INTERNAL, "the tool failed; the error was logged");
    }
  }
}
