package io.loanofficer.tools.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each run gets its own fresh H2 database, migrated without the sample seed. */
class SampleDataGeneratorTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static JdbcTemplate freshDatabase() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:gen" + DATABASES.incrementAndGet()
        + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlserver").load().migrate();
    return new JdbcTemplate(ds);
  }

  private static String fingerprint(JdbcTemplate jdbc) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (String query : new String[] {
        "SELECT * FROM borrower ORDER BY borrower_id", "SELECT * FROM loan ORDER BY loan_id",
        "SELECT * FROM payment ORDER BY payment_id", "SELECT * FROM collateral ORDER BY collateral_id",
        "SELECT * FROM equipment ORDER BY equipment_id"}) {
      jdbc.query(query, rs -> {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
          row.append(rs.getString(c)).append('|');
        }
        sha.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      });
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static int count(JdbcTemplate jdbc, String sql) {
    return jdbc.queryForObject(sql, Integer.class);
  }

  @Test
  void sameSeedSameRows() throws Exception {
    JdbcTemplate a = freshDatabase();
    JdbcTemplate b = freshDatabase();
    SampleDataGenerator.Summary first = new SampleDataGenerator(a).generate(SampleDataGenerator.Options.of(1_000, 42));
    SampleDataGenerator.Summary second = new SampleDataGenerator(b).generate(SampleDataGenerator.Options.of(1_000, 42));
    assertThat(second).isEqualTo(first);
    assertThat(fingerprint(b)).isEqualTo(fingerprint(a));

    JdbcTemplate c = freshDatabase();
    new SampleDataGenerator(c).generate(SampleDataGenerator.Options.of(1_000, 43));
    assertThat(fingerprint(c)).isNotEqualTo(fingerprint(a));
  }

  @Test
  void rowsAreConsistent() {
    JdbcTemplate jdbc = freshDatabase();
    SampleDataGenerator.Summary s = new SampleDataGenerator(jdbc).generate(SampleDataGenerator.Options.of(1_000, 7));
    assertThat(s.borrowers()).isEqualTo(1_000);
    assertThat(count(jdbc, "SELECT COUNT(*) FROM borrower")).isEqualTo(1_000);
    assertThat(count(jdbc, "SELECT COUNT(*) FROM loan")).isEqualTo(s.loans()).isBetween(1_000, 3_000);
    assertThat(count(jdbc, "SELECT COUNT(*) FROM payment")).isEqualTo(s.payments()).isPositive();
    assertThat(count(jdbc, "SELECT COUNT(*) FROM collateral")).isEqualTo(s.collateral()).isPositive();
    assertThat(count(jdbc, "SELECT COUNT(*) FROM equipment")).isEqualTo(s.equipment()).isPositive();
    // 1-3 loans per borrower
    assertThat(count(jdbc, "SELECT COUNT(*) FROM (SELECT borrower_id FROM loan GROUP BY borrower_id "
        + "HAVING COUNT(*) < 1 OR COUNT(*) > 3) x")).isZero();
    // status 'Late' iff days_late > 0; no payments on Pending loans
    assertThat(count(jdbc, "SELECT COUNT(*) FROM payment WHERE (status = 'Late') <> (days_late > 0)")).isZero();
    assertThat(count(jdbc, "SELECT COUNT(*) FROM payment p JOIN loan l ON l.loan_id = p.loan_id "
        + "WHERE l.status = 'Pending'")).isZero();
    // ids match the catalogue's patterns and stay clear of the sample data
    assertThat(count(jdbc, "SELECT COUNT(*) FROM borrower WHERE borrower_id IN ('B001', 'B012')")).isZero();
    assertThat(count(jdbc, "SELECT MIN(LENGTH(borrower_id)) FROM borrower")).isEqualTo(7);
  }
}
