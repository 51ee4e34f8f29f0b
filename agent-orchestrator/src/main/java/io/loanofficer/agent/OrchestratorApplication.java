package io.loanofficer.agent;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OrchestratorApplication {

  /**
   * The application with its own config name (orchestrator.yml), so that several services can share one
   * classpath (the end-to-end test runs them in one JVM).
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(OrchestratorApplication.class).properties("spring.config.name=orchestrator");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
