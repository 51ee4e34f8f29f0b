package io.loanofficer.worker;

import io.loanofficer.tools.ToolRunner;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

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
  BoundedToolRuns boundedToolRuns(ToolRunner runner, WorkerProperties worker, ObjectProvider<ObservationRegistry> observations) {
    return new BoundedToolRuns(runner, worker.toolThreads(), observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  /**
   * The repositories' JDBC transactions, declared here rather than left to Boot: Boot's is skipped when
   * Kafka's transaction manager (the worker's producer is transactional) is configured first, and that
   * order is not ours to rely on (it changed when the observability auto-configurations came in).
   */
  @Bean
  JdbcTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  @Bean
  JdbcTemplate jdbcTemplate(DataSource dataSource, WorkerProperties worker) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.setQueryTimeout(worker.queryTimeoutSeconds());
    return jdbc;
  }
}
