package io.loanofficer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.LendingTool;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.testing.OnPostgres;
import io.loanofficer.tools.testing.PostgresCluster;
import io.loanofficer.tools.testing.ToolTestSupport;
import io.loanofficer.tools.testing.ToolsTestApplication;
import io.loanofficer.toolspec.ToolSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The worker's tool threads on a real PostgreSQL: a query slower than the tool timeout is cancelled
 * by the driver (the JDBC query timeout), so the call ends in TIMEOUT and its thread and connection
 * come back; with every thread taken, the next call waits for one instead of starting another.
 */
@OnPostgres
@SpringBootTest(classes = {ToolsTestApplication.class, ToolExecutionConfiguration.class,
    BoundedToolRunsPostgresTest.SlowQueryTool.class},
    properties = {"worker.tool-timeout=1s", "worker.tool-threads=1"})
@ActiveProfiles("tooltest")
class BoundedToolRunsPostgresTest {

  private static final Caller ANALYST = ToolTestSupport.ANALYST;

  /** A tool whose one query sleeps 30 s in the database: far past the 1 s tool timeout. */
  @Configuration(proxyBeanMethods = false)
  static class SlowQueryTool {
    @Bean
    LendingTool slowQuery(NamedParameterJdbcTemplate jdbc) {
      return new LendingTool() {
        @Override
        public ToolSpec spec() {
          return new ToolSpec("slowQuery", "1", "a 30 s query (test only)", List.of(), true);
        }

        @Override
        public Object execute(Map<String, String> arguments, Caller caller, LocalDate asOf) {
          return jdbc.queryForObject("SELECT 1 FROM (SELECT pg_sleep(30)) AS s", Map.of(), Integer.class);
        }
      };
    }
  }

  @Autowired
  private BoundedToolRuns tools;

  @Autowired
  private DataSource dataSource;

  @AfterEach
  void everyThreadIsFreeAgain() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> tools.freeThreads() == 1);
  }

  @Test
  void aQuerySlowerThanTheToolTimeoutEndsInTimeoutAndIsCancelledSoItsThreadAndConnectionComeBack() throws Exception {
    long started = System.nanoTime();

    ToolResult result = tools.run("slowQuery", "{}", ANALYST, "c-slow", Duration.ofSeconds(1));

    assertThat(result.outcome()).isEqualTo(ToolOutcome.TIMEOUT);
    assertThat(result.errorMessage()).isEqualTo("the tool did not finish within 1000 ms");
    // the query sleeps 30 s; the driver cancels it at the 1 s query timeout
    await().atMost(Duration.ofSeconds(10))
        .until(() -> tools.freeThreads() == 1 && activeConnections() == 0 && sleepingQueries() == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void withEveryThreadTakenTheNextCallWaitsForOneAndThenRuns() throws Exception {
    CompletableFuture<ToolResult> slow = CompletableFuture.supplyAsync(() -> run("slowQuery", "{}", Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(5)).until(() -> tools.freeThreads() == 0);
    long asked = System.nanoTime();

    ToolResult next = tools.run("getLoanStatus", "{\"loan_id\":\"L001\"}", ANALYST, "c-next", Duration.ofSeconds(8));

    assertThat(next.outcome()).as(next.errorMessage()).isEqualTo(ToolOutcome.OK);
    assertThat(next.resultJson()).contains("\"loan_id\":\"L001\"");
    // it ran only once the slow query was cancelled (~1 s after it began), on the one thread
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThan(Duration.ofMillis(500));
    assertThat(slow.get().outcome()).isEqualTo(ToolOutcome.TIMEOUT);
  }

  @Test
  void aCallThatFindsNoFreeThreadWithinItsBudgetIsAnsweredTimeoutWithoutStarting() throws Exception {
    CompletableFuture<ToolResult> slow = CompletableFuture.supplyAsync(() -> run("slowQuery", "{}", Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(5)).until(() -> tools.freeThreads() == 0);

    ToolResult next = tools.run("getLoanStatus", "{\"loan_id\":\"L001\"}", ANALYST, "c-next", Duration.ofMillis(200));

    assertThat(next.outcome()).isEqualTo(ToolOutcome.TIMEOUT);
    assertThat(next.errorMessage()).isEqualTo("all 1 tool threads stayed busy for 200 ms; the tool did not start");
    assertThat(slow.get().outcome()).isEqualTo(ToolOutcome.TIMEOUT);
  }

  /**
   * The slow database of the fault list: another session (a migration, a long report) holds the loan
   * table locked. The call waits on the lock, the driver cancels it at the query timeout, and the
   * call ends in TIMEOUT with its thread back; once the lock is gone the same call answers.
   */
  @Test
  void aTableLockedByAnotherSessionEndsTheCallInTimeoutAndItAnswersOnceTheLockIsGone() throws Exception {
    String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
    try (Connection other = DriverManager.getConnection(url, PostgresCluster.USER, "");
        Statement lock = other.createStatement()) {
      other.setAutoCommit(false);
      lock.execute("LOCK TABLE loan IN ACCESS EXCLUSIVE MODE");
      long asked = System.nanoTime();

      ToolResult blocked = tools.run("getLoanStatus", "{\"loan_id\":\"L001\"}", ANALYST, "c-locked", Duration.ofSeconds(1));

      assertThat(blocked.outcome()).isEqualTo(ToolOutcome.TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> tools.freeThreads() == 1 && activeConnections() == 0);
      other.rollback();
    }

    ToolResult after = tools.run("getLoanStatus", "{\"loan_id\":\"L001\"}", ANALYST, "c-after", Duration.ofSeconds(5));

    assertThat(after.outcome()).as(after.errorMessage()).isEqualTo(ToolOutcome.OK);
    assertThat(after.resultJson()).contains("\"loan_id\":\"L001\"").contains("\"status\":\"Active\"");
  }

  private ToolResult run(String tool, String arguments, Duration budget) {
    try {
      return tools.run(tool, arguments, ANALYST, "c-" + tool, budget);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private int activeConnections() {
    try {
      // the pool behind the JDBC observation's proxy
      return dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().getActiveConnections();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Queries still sleeping in the server, seen from a connection of our own (not the pool's). */
  private static int sleepingQueries() {
    PostgresCluster cluster = PostgresCluster.shared();
    try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), PostgresCluster.USER, "");
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            + "AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
