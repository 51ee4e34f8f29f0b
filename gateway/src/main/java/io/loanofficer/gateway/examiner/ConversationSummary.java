package io.loanofficer.gateway.examiner;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

@Schema(description = "One conversation found in the recent records of chat.turns and chat.replies")
public record ConversationSummary(
    @Schema(description = "the conversation id (key of its events)") String conversationId,
    @Schema(description = "user id of the conversation's first turn") String owner,
    @Schema(description = "time of the first turn") Instant firstAt,
    @Schema(description = "time of the newest turn or reply") Instant lastAt,
    @Schema(description = "number of turns") int turnCount) {}
