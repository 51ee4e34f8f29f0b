package io.loanofficer.agent.model;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Which model the orchestrator runs: the OpenAI adapter when {@code openai.api-key} has text, else the
 * offline planner. Both sides read the same property, so the choice does not depend on the order in
 * which configuration classes are processed (a plain {@code @ConditionalOnMissingBean} in a user
 * configuration would).
 */
public final class ModelSelection {

  public static final String API_KEY_PROPERTY = "openai.api-key";

  private ModelSelection() {}

  static boolean keyConfigured(ConditionContext context) {
    return StringUtils.hasText(context.getEnvironment().getProperty(API_KEY_PROPERTY));
  }

  /** Matches when an OpenAI API key is configured (non-blank). */
  public static final class OpenAiKeyConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return keyConfigured(context)
          ? ConditionOutcome.match(API_KEY_PROPERTY + " is set")
          : ConditionOutcome.noMatch(API_KEY_PROPERTY + " is empty or missing");
    }
  }

  /** Matches when no OpenAI API key is configured: the offline planner's case. */
  public static final class NoOpenAiKey extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return keyConfigured(context)
          ? ConditionOutcome.noMatch(API_KEY_PROPERTY + " is set")
          : ConditionOutcome.match(API_KEY_PROPERTY + " is empty or missing");
    }
  }
}
