package io.loanofficer.projection.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The validator itself: it passes a valid document and names each kind of violation. */
class EcsValidatorTest {

  private static final String VALID = """
      {"@timestamp":"2026-11-25T10:00:01.204Z","ecs":{"version":"8.11.0"},
       "event":{"id":"conv-1/13","kind":"event","category":["api"],"type":["end","denied"],"action":"ToolCallCompleted",
                "outcome":"failure","sequence":13,"dataset":"loanofficer.audit","module":"loanofficer","hash":"9b0e"},
       "user":{"id":"officer-1","roles":["LOAN_OFFICER"]},"trace":{"id":"0e16871d1407e73b3188d869021cd6e5"},
       "labels":{"conversation_id":"conv-1","seq":"13"},"error":{"type":"FORBIDDEN","code":"FORBIDDEN"},
       "service":{"name":"agent-orchestrator"},
       "loanofficer":{"gen_ai":{"tool":{"name":"getLoanStatus"}},"tool":{"duration_us":812,"ids":{"loan_id":"L1"}}}}
      """;

  private final EcsValidator validator = EcsValidator.forVersion("8.11.0");

  private static JsonNode doc(String json) {
    return JsonMapper.shared().readTree(json);
  }

  /** The valid document with one replacement applied to its text. */
  private static JsonNode validWith(String from, String to) {
    assertThat(VALID).contains(from);
    return doc(VALID.replace(from, to));
  }

  @Test
  void readsTheWholeReferenceOfTheDeclaredVersion() {
    // ecs_flat.yml of v8.11.0 defines 1659 fields (its top-level keys)
    assertThat(validator.definedFields()).isEqualTo(1659);
    assertThat(validator.version()).isEqualTo(EcsMapper.ECS_VERSION);
  }

  @Test
  void aValidDocumentHasNoViolationAndItsFieldsAreCounted() {
    assertThat(validator.validate("ok", doc(VALID))).isEmpty();
    // @timestamp, ecs.version, 10 event.* (the category and type arrays count once each), user.id,
    // user.roles, trace.id, labels.conversation_id, labels.seq, error.type, error.code, service.name: 20
    EcsValidator.Report report = validator.report();
    assertThat(report.documents()).isEqualTo(1);
    assertThat(report.ecsFields()).isEqualTo(20);
    assertThat(report.customFields()).isEqualTo(3);
    assertThat(report.violations()).isEmpty();
  }

  @Test
  void aCategoryTypePairEcsDoesNotExpectIsAViolation() {
    // the refused guardrail verdict and the AccessRefused of issue 11
    assertThat(validator.validate("guard", validWith("\"category\":[\"api\"]", "\"category\":[\"process\"]")))
        .containsExactly("guard: event.category process does not allow event.type denied "
            + "(ECS 8.11.0 expects [access, change, end, info, start])");
    assertThat(validator.validate("auth", validWith("\"category\":[\"api\"],\"type\":[\"end\",\"denied\"]",
        "\"category\":[\"authentication\"],\"type\":[\"denied\"]")))
        .containsExactly("auth: event.category authentication does not allow event.type denied "
            + "(ECS 8.11.0 expects [end, info, start])");
    assertThat(validator.validate("session", validWith("\"category\":[\"api\"]", "\"category\":[\"session\"]")))
        .containsExactly("session: event.category session does not allow event.type denied "
            + "(ECS 8.11.0 expects [end, info, start])");
    assertThat(validator.report().violations()).hasSize(3);
  }

  @Test
  void aValueOutsideTheAllowedOnesIsAViolation() {
    assertThat(validator.validate("kind", validWith("\"kind\":\"event\"", "\"kind\":\"audit\"")))
        .containsExactly("kind: event.kind = \"audit\" is not an allowed value "
            + "[alert, asset, enrichment, event, metric, state, pipeline_error, signal]");
    assertThat(validator.validate("outcome", validWith("\"outcome\":\"failure\"", "\"outcome\":\"denied\"")))
        .singleElement().asString().startsWith("outcome: event.outcome = \"denied\" is not an allowed value");
    assertThat(validator.validate("category", validWith("[\"api\"]", "[\"audit\"]")))
        .singleElement().asString().startsWith("category: event.category = \"audit\" is not an allowed value");
  }

  @Test
  void aFieldOutsideEcsAndOutsideLoanofficerIsAViolation() {
    assertThat(validator.validate("genai", validWith("\"service\":", "\"gen_ai\":{\"request\":{\"model\":\"m\"}},\"service\":")))
        .containsExactly("genai: gen_ai.request.model is not an ECS 8.11.0 field (custom fields go under loanofficer.*)");
    assertThat(validator.validate("user", validWith("\"roles\":", "\"department\":\"credit\",\"roles\":")))
        .containsExactly("user: user.department is not an ECS 8.11.0 field (custom fields go under loanofficer.*)");
  }

  @Test
  void aValueOfTheWrongTypeIsAViolation() {
    assertThat(validator.validate("seq", validWith("\"sequence\":13", "\"sequence\":\"13\"")))
        .containsExactly("seq: event.sequence is long, got string");
    assertThat(validator.validate("ts", validWith("\"2026-11-25T10:00:01.204Z\"", "\"yesterday\"")))
        .containsExactly("ts: @timestamp is date, got string \"yesterday\" (not ISO-8601 or epoch millis)");
    assertThat(validator.validate("label", validWith("\"seq\":\"13\"", "\"seq\":13")))
        .containsExactly("label: labels.seq is keyword, got number");
    assertThat(validator.validate("obj", validWith("\"id\":\"officer-1\"", "\"id\":{\"name\":\"officer-1\"}")))
        .containsExactly("obj: user.id is keyword, got object");
    assertThat(validator.validate("null", validWith("\"code\":\"FORBIDDEN\"", "\"code\":null")))
        .containsExactly("null: error.code is keyword, got null");
  }

  @Test
  void arraysGoExactlyWhereEcsNormalizesToAnArray() {
    assertThat(validator.validate("roles", validWith("[\"LOAN_OFFICER\"]", "\"LOAN_OFFICER\"")))
        .containsExactly("roles: user.roles must be an array");
    assertThat(validator.validate("id", validWith("\"officer-1\"", "[\"officer-1\"]")))
        .containsExactly("id: user.id must be a single value, not an array");
  }

  @Test
  void dottedKeysAndAnotherEcsVersionAreViolations() {
    assertThat(validator.validate("dotted", validWith("\"service\":{\"name\":\"agent-orchestrator\"}",
        "\"service.name\":\"agent-orchestrator\"")))
        .containsExactly("dotted: dotted key \"service.name\" (names are nested objects here)");
    assertThat(validator.validate("version", validWith("\"version\":\"8.11.0\"", "\"version\":\"9.4.0\"")))
        .containsExactly("version: ecs.version is \"9.4.0\", the validator's reference is 8.11.0");
  }

  @Test
  void aVersionWithoutAVendoredReferenceIsRefused() {
    assertThatThrownBy(() -> EcsValidator.forVersion("7.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No ECS field reference /ecs/7.0.0/ecs_flat.yml on the classpath");
  }
}
