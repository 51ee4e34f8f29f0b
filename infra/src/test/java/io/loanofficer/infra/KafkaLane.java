package io.loanofficer.infra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Disables a test class that runs on {@link TestKafka} when the Kafka container lane is asked for
 * ({@code -Dkafka.container=true}) and no Docker engine answers: reported as skipped with this
 * reason, which infra/test.sh lists (an assumption failing in {@code @BeforeAll} would only abort the
 * class, and Surefire would report no test at all).
 */
final class KafkaLane implements ExecutionCondition {

  static final String NO_DOCKER = "-D" + TestKafka.LANE_PROPERTY
      + "=true but no Docker engine answers: the Kafka container lane cannot run here";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!TestKafka.containerLane()) {
      return ConditionEvaluationResult.enabled("the embedded broker");
    }
    return DockerClientFactory.instance().isDockerAvailable()
        ? ConditionEvaluationResult.enabled("a Kafka container (" + TestKafka.IMAGE + ")")
        : ConditionEvaluationResult.disabled(NO_DOCKER);
  }
}
