package io.loanofficer.tools.pii;

import io.loanofficer.pii.PiiKind;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The table {@code pii_disclosure}: one row per value a worker released to the gateway (who, which
 * conversation, whose, which kind and token, when; never the value). It answers "who was shown this
 * borrower's contact data" from the system of record, and counts a user's reveals over every gateway
 * and worker. Its clock is the wall clock, not the tools' as-of date: a limit per hour needs real time.
 */
public final class DisclosureLog {

  public record Disclosure(String userId, String conversationId, String borrowerId, PiiKind kind, String token,
      Instant disclosedAt) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final Clock clock;

  public DisclosureLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** How many values this user was shown within the last {@code window}. */
  public int countRecent(String userId, Duration window) {
    Integer count = jdbc.queryForObject(
        "SELECT COUNT(*) FROM pii_disclosure WHERE user_id = :userId AND disclosed_at >= :since",
        Map.of("userId", userId, "since", Timestamp.from(clock.instant().minus(window))), Integer.class);
    return count == null ? 0 : count;
  }

  public void record(String userId, String conversationId, String borrowerId, PiiKind kind, String token) {
    jdbc.update("INSERT INTO pii_disclosure (user_id, conversation_id, borrower_id, kind, token, disclosed_at) "
            + "VALUES (:userId, :conversationId, :borrowerId, :kind, :token, :at)",
        Map.of("userId", userId, "conversationId", conversationId, "borrowerId", borrowerId, "kind", kind.name(),
            "token", token, "at", Timestamp.from(clock.instant())));
  }

  /** A borrower's disclosures, oldest first (an accounting of disclosures for that borrower). */
  public List<Disclosure> ofBorrower(String borrowerId) {
    return jdbc.query("SELECT user_id, conversation_id, borrower_id, kind, token, disclosed_at FROM pii_disclosure "
            + "WHERE borrower_id = :borrowerId ORDER BY disclosed_at, disclosure_id",
        Map.of("borrowerId", borrowerId), (rs, row) -> new Disclosure(rs.getString("user_id"),
            rs.getString("conversation_id"), rs.getString("borrower_id"), PiiKind.valueOf(rs.getString("kind")),
            rs.getString("token"), rs.getTimestamp("disclosed_at").toInstant()));
  }
}
