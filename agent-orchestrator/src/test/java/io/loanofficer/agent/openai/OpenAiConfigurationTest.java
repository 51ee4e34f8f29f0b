package io.loanofficer.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.agent.planner.ModelConfiguration;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.planner.OfflinePlanner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which model the context holds: OpenAI with a key, the offline planner without, whatever the order. */
class OpenAiConfigurationTest {

  private final ApplicationContextRunner openAiFirst = new ApplicationContextRunner()
      .withUserConfiguration(OpenAiConfiguration.class, ModelConfiguration.class);
  private final ApplicationContextRunner offlineFirst = new ApplicationContextRunner()
      .withUserConfiguration(ModelConfiguration.class, OpenAiConfiguration.class);

  @Test
  void withAKeyTheOpenAiModelIsTheOnlyModel() {
    for (ApplicationContextRunner runner : new ApplicationContextRunner[] {openAiFirst, offlineFirst}) {
      runner.withPropertyValues("openai.api-key=sk-test", "openai.base-url=http://127.0.0.1:9/v1",
              "openai.model=gpt-test", "openai.request-timeout=7s", "openai.max-retries=2")
          .run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(AgentModel.class);
            assertThat(context.getBean(AgentModel.class)).isInstanceOf(OpenAiModel.class);
            assertThat(context.getBean(AgentModel.class).modelName()).isEqualTo("gpt-test");
            OpenAiProperties properties = context.getBean(OpenAiProperties.class);
            assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(properties.maxRetries()).isEqualTo(2);
            assertThat(properties.temperature()).isEqualTo(0.0);
          });
    }
  }

  @Test
  void withoutAKeyTheOfflinePlannerIsTheModel() {
    for (ApplicationContextRunner runner : new ApplicationContextRunner[] {openAiFirst, offlineFirst}) {
      runner.run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(context).hasSingleBean(AgentModel.class);
        assertThat(context.getBean(AgentModel.class)).isInstanceOf(OfflinePlanner.class);
        assertThat(context).doesNotHaveBean(OpenAiModel.class);
      });
      runner.withPropertyValues("openai.api-key=   ").run(context -> {
        assertThat(context).hasSingleBean(AgentModel.class);
        assertThat(context.getBean(AgentModel.class)).isInstanceOf(OfflinePlanner.class);
      });
    }
  }

  @Test
  void defaultsApplyWhenOnlyTheKeyIsSet() {
    openAiFirst.withPropertyValues("openai.api-key=sk-test").run(context -> {
      OpenAiProperties properties = context.getBean(OpenAiProperties.class);
      assertThat(properties.baseUrl()).isEqualTo("https://api.openai.com/v1");
      assertThat(properties.model()).isEqualTo("gpt-4o-mini");
      assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(20));
      assertThat(properties.maxRetries()).isEqualTo(3);
      assertThat(properties.maxTokens()).isNull();
    });
  }
}
