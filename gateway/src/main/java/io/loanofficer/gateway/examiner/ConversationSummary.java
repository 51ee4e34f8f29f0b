package io.loanofficer.gateway.examiner;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@Schema(description = "One conversation as seen in the newest records of audit.events (recent activity)")
public record ConversationSummary(
    @Schema(description = "the conversation id (its audit chain's id)") String conversationId,
    @Schema(description = "user id of the first turn seen; null when no turn of it was among the records scanned")
    String owner,
    @Schema(description = "earliest occurredAt of its records seen") Instant firstAt,
    @Schema(description = "latest occurredAt of its records seen") Instant lastAt,
    @Schema(description = "turns (ChatTurnSubmitted records) seen") int turnCount,
    @Schema(description = "where the whole conversation is replayed, hash chain verified") String replay) {}
