package io.loanofficer.gateway.examiner;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.gateway.security.UserRef;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The examiners' list of recent conversations, from audit.events. Reading one conversation is the
 * audit replay, which also answers at /api/examiner/conversations/{id} (AuditReplayController).
 * EXAMINER role only (the security filter chain); everyone else gets 403.
 */
@RestController
@Tag(name = "examiner", description = "Conversations for compliance examiners (role EXAMINER)")
@SecurityRequirement(name = "bearer")
public class ExaminerController {

  private static final Logger log = LoggerFactory.getLogger(ExaminerController.class);
  private static final String TURN = ChatTurnSubmitted.getClassSchema().getName();

  private final AuditLogReader reader;
  private final ExaminerProperties properties;

  public ExaminerController(AuditLogReader reader, ExaminerProperties properties) {
    this.reader = reader;
    this.properties = properties;
  }

  @GetMapping("/api/examiner/conversations")
  @Operation(summary = "Recent activity: the conversations in the newest records of audit.events, newest activity first",
      description = "A bounded scan of the newest gateway.examiner.scan-records-per-partition records of each partition "
          + "of audit.events, so a listing of recent activity, not of every conversation: counts and times cover the "
          + "records scanned. Any conversation, however old, is replayed by id at /api/examiner/conversations/{id} "
          + "(the same as /api/audit/conversations/{id}, the summary's replay link).")
  @ApiResponse(responseCode = "200", description = "the conversations")
  @ApiResponse(responseCode = "401", description = "no valid token")
  @ApiResponse(responseCode = "403", description = "not an EXAMINER")
  public List<ConversationSummary> conversations(Principal examiner) {
    log.info("Examiner {} listed conversations", UserRef.of(examiner.getName()));
    Map<String, Activity> seen = new HashMap<>();
    reader.scanRecent(properties.scanRecordsPerPartition(), (chainId, record) -> {
      if (!AuditKeys.isServiceChain(chainId)) { // a gateway's refusals and reveals, an officer's alerts: no conversation
        seen.computeIfAbsent(chainId, Activity::new).add(record);
      }
    });
    return seen.values().stream().map(Activity::summary)
        .sorted(Comparator.comparing(ConversationSummary::lastAt).reversed())
        .toList();
  }

  /** One conversation's records as the scan meets them (log order). */
  private static final class Activity {
    final String conversationId;
    String owner;
    Instant firstAt;
    Instant lastAt;
    int turnCount;

    Activity(String conversationId) {
      this.conversationId = conversationId;
    }

    void add(AuditRecord record) {
      Instant at = record.getOccurredAt();
      if (firstAt == null || at.isBefore(firstAt)) {
        firstAt = at;
      }
      if (lastAt == null || at.isAfter(lastAt)) {
        lastAt = at;
      }
      if (TURN.equals(record.getType())) {
        if (++turnCount == 1 && record.getActor() != null) {
          owner = record.getActor().getUserId();
        }
      }
    }

    ConversationSummary summary() {
      return new ConversationSummary(conversationId, owner, firstAt, lastAt, turnCount,
          "/api/audit/conversations/" + conversationId);
    }
  }
}
