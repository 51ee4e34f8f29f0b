package io.loanofficer.gateway;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

  /**
   * The application with its own config name (gateway.yml), so that several services can share one
   * classpath (the end-to-end test runs them in one JVM).
   */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
