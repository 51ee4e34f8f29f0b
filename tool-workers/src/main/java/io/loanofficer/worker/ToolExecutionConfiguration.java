package io.loanofficer.worker;

import io.loanofficer.tools.ToolRunner;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where tools run: a bounded set of threads ({@link BoundedToolRuns}), and the JDBC template every
 * tool and repository queries through, with the tool timeout as its query timeout: the driver cancels
 * a query that overruns it (an interrupt of the tool's thread would not), which ends the call and
 * frees its thread and connection. Boot's NamedParameterJdbcTemplate (and spring-data-jdbc) wraps this
 * template.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class ToolExecutionConfiguration {

  @Bean(destroyMethod = "close")
  BoundedToolRuns boundedToolRuns(ToolRunner runner, WorkerProperties worker) {
    return new BoundedToolRuns(runner, worker.toolThreads());
  }

  @Bean
  JdbcTemplate jdbcTemplate(DataSource dataSource, WorkerProperties worker) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.setQueryTimeout(worker.queryTimeoutSeconds());
    return jdbc;
  }
}
