package io.loanofficer.tools.testing;

import io.loanofficer.tools.ToolsConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Test-only application: auto-configuration (DataSource, Flyway, JDBC) plus the tools. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ToolsConfiguration.class)
public class ToolsTestApplication {
}
