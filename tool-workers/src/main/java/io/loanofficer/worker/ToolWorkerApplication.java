package io.loanofficer.worker;

import io.loanofficer.worker.reveal.RevealProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** A tool worker: run as many as the load needs; they share tool.calls as one consumer group. */
@SpringBootApplication(scanBasePackages = {"io.loanofficer.worker", "io.loanofficer.tools"})
@EnableConfigurationProperties({WorkerProperties.class, RevealProperties.class})
public class ToolWorkerApplication {

  /**
   * The application with its own config name (tool-worker.yml), so that several services can share one
   * classpath (the end-to-end test runs them in one JVM).
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ToolWorkerApplication.class).properties("spring.config.name=tool-worker");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
