package io.loanofficer.tools.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tool tests: H2 migrated with the sample seed, clock fixed at 2026-11-25 (profile
 * tooltest). Every call goes through {@link ToolRunner#run} so argument validation is covered.
 * Each tool test class also has a PostgreSQL twin ({@code XxxPostgresTest extends XxxTest}, annotated
 * {@link OnPostgres}) that runs the same assertions on a private PostgreSQL cluster.
 */
@SpringBootTest(classes = ToolsTestApplication.class)
@ActiveProfiles("tooltest")
public abstract class ToolTestSupport {

  public static final String AS_OF = "2026-11-25";
  public static final Caller ANALYST = new Caller("ana", Set.of("CREDIT_ANALYST"), null);
  public static final Caller ADMIN = new Caller("root", Set.of("ADMIN"), null);
  public static final Caller OFFICER_1 = new Caller("officer-1", Set.of("LOAN_OFFICER"), "officer-1");
  public static final Caller OFFICER_2 = new Caller("officer-2", Set.of("LOAN_OFFICER"), "officer-2");
  public static final Caller EXAMINER = new Caller("exam", Set.of("EXAMINER"), null);

  /** The conversation the tool tests call in (PII tokens are per conversation). */
  public static final String CONVERSATION = "tool-test";

  @Autowired
  protected ToolRunner runner;

  protected ToolResult call(String tool, String argumentsJson, Caller caller) {
    return runner.run(tool, argumentsJson, caller, CONVERSATION);
  }

  /** Runs the call, asserts OK, returns the parsed result. */
  protected JsonNode ok(String tool, String argumentsJson, Caller caller) {
    ToolResult result = call(tool, argumentsJson, caller);
    assertThat(result.outcome()).as("%s %s: %s", tool, argumentsJson, result.errorMessage()).isEqualTo(ToolOutcome.OK);
    JsonNode json = ToolRunner.RESULT_JSON.readTree(result.resultJson());
    assertThat(json.get("analysis_date").asString()).isEqualTo(AS_OF);
    return json;
  }

  protected ToolResult failed(String tool, String argumentsJson, Caller caller, ToolOutcome expected) {
    ToolResult result = call(tool, argumentsJson, caller);
    assertThat(result.outcome()).as("%s %s", tool, argumentsJson).isEqualTo(expected);
    assertThat(result.resultJson()).isNull();
    return result;
  }

  protected static void assertNumber(JsonNode node, String expected) {
    assertThat(node).as("expected %s", expected).isNotNull();
    assertThat(node.isNumber()).as("%s is a number", node).isTrue();
    assertThat(node.decimalValue()).as("%s vs %s", node, expected).isEqualByComparingTo(new BigDecimal(expected));
  }

  protected static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asString() : n.get(field).asString()));
    return out;
  }
}
