package io.loanofficer.gateway.examiner;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.audit.Transcript;
import io.loanofficer.gateway.chat.ClientFrameFields;
import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.gateway.security.UserRef;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Examiner replay: a conversation re-displayed from audit.events alone, with its hash chain
 * verified. It is also the examiners' API's read of one conversation, so a conversation reads the
 * same however old it is and whichever path asks. EXAMINER only: the security filter chain answers
 * 401 without a valid token and 403 to every other role, and audits both refusals. Each replay is
 * itself logged (who looked at which conversation).
 */
@RestController
@Tag(name = "examiner")
@SecurityRequirement(name = "bearer")
public class AuditReplayController {

  private static final Logger log = LoggerFactory.getLogger(AuditReplayController.class);

  /** The replay as served: verification first, then the turns. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Replay(String conversationId, boolean chainVerified, Long firstBrokenSeq, String problem, String detail,
      int records, SortedSet<Long> erasedSeqs, List<Transcript.Turn> turns, List<Transcript.Reveal> reveals,
      List<String> notes) {}

  private final AuditLogReader reader;

  public AuditReplayController(AuditLogReader reader) {
    this.reader = reader;
  }

  @GetMapping({"/api/audit/conversations/{id}", "/api/examiner/conversations/{id}"})
  @Operation(summary = "A conversation replayed from audit.events, its hash chain verified",
      description = "Any conversation the audit topic holds, however old: its turns with who asked, each model step, "
          + "each tool call with arguments, outcome and result, and the final reply. chainVerified false names the "
          + "first broken seq and the problem. The two paths serve the same replay.")
  @ApiResponse(responseCode = "200", description = "the replay")
  @ApiResponse(responseCode = "400", description = "malformed conversation id")
  @ApiResponse(responseCode = "401", description = "no valid token")
  @ApiResponse(responseCode = "403", description = "not an EXAMINER")
  @ApiResponse(responseCode = "404", description = "no audit records of this conversation")
  public Replay replay(@PathVariable("id") String conversationId, Principal principal) {
    ChatIdentity identity = ChatIdentity.of(principal);
    if (!ClientFrameFields.ID.matcher(conversationId).matches()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "conversationId: 1-64 letters, digits, . _ : -");
    }
    log.info("Audit replay of {} by examiner {}", conversationId, UserRef.of(identity.userId()));
    AuditLog chain = reader.read(conversationId);
    if (chain.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No audit records for " + conversationId);
    }
    ChainVerification.Result verification = chain.verify();
    Transcript transcript = Transcript.of(conversationId, chain.records());
    return new Replay(conversationId, verification.verified(), verification.firstBrokenSeq(),
        verification.problem() == null ? null : verification.problem().name(),
        verification.verified() ? null : verification.detail(), chain.entries().size(),
        chain.erasedSeqs().isEmpty() ? null : chain.erasedSeqs(), transcript.turns(),
        transcript.reveals().isEmpty() ? null : transcript.reveals(),
        transcript.notes().isEmpty() ? null : transcript.notes());
  }
}
