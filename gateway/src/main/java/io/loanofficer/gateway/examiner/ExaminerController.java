package io.loanofficer.gateway.examiner;

import io.loanofficer.gateway.chat.FrameIds;
import io.loanofficer.gateway.security.UserRef;
import io.loanofficer.gateway.transcript.Conversation;
import io.loanofficer.gateway.transcript.TranscriptReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.ObjectMapper;

/**
 * The examiners' read-only view of conversations, rebuilt from chat.turns and chat.replies (the
 * hash-chained audit replay is a separate API). EXAMINER role only; everyone else gets 403.
 */
@RestController
@RequestMapping("/api/examiner/conversations")
@Tag(name = "examiner", description = "Conversations for compliance examiners (role EXAMINER)")
@SecurityRequirement(name = "bearer")
public class ExaminerController {

  private static final Logger log = LoggerFactory.getLogger(ExaminerController.class);

  private final TranscriptReader reader;
  private final ExaminerProperties properties;
  private final TranscriptViews views;

  public ExaminerController(TranscriptReader reader, ExaminerProperties properties, ObjectMapper json) {
    this.reader = reader;
    this.properties = properties;
    this.views = new TranscriptViews(json);
  }

  @GetMapping
  @Operation(summary = "Conversations in the recent records of chat.turns (a bounded scan), newest activity first")
  @ApiResponse(responseCode = "200", description = "the conversations")
  @ApiResponse(responseCode = "401", description = "no valid token")
  @ApiResponse(responseCode = "403", description = "not an EXAMINER")
  public List<ConversationSummary> conversations(Principal examiner) {
    log.info("Examiner {} listed conversations", UserRef.of(examiner.getName()));
    return reader.recent(properties.scanRecordsPerPartition()).stream()
        .map(views::summary)
        .sorted(Comparator.comparing(ConversationSummary::lastAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .toList();
  }

  @GetMapping("/{conversationId}")
  @Operation(summary = "A conversation's transcript: turns and replies in order, with tool calls, arguments and results")
  @ApiResponse(responseCode = "200", description = "the transcript")
  @ApiResponse(responseCode = "400", description = "malformed conversation id")
  @ApiResponse(responseCode = "404", description = "no such conversation in chat.turns")
  public TranscriptView transcript(@PathVariable String conversationId, Principal examiner) {
    if (!FrameIds.ID.matcher(conversationId).matches()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "conversationId: 1-64 letters, digits, . _ : -");
    }
    log.info("Examiner {} read conversation {}", UserRef.of(examiner.getName()), conversationId);
    Conversation conversation = reader.read(conversationId);
    if (conversation.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such conversation");
    }
    return views.transcript(conversation);
  }
}
