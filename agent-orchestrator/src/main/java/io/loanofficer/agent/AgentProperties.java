package io.loanofficer.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxRounds model rounds per turn before the turn ends with an error
 * @param turnDeadline time from a turn's arrival to its final reply; past it the turn ends in TIMEOUT
 * @param transcriptLimit transcript entries kept per conversation for follow-up questions
 * @param modelConcurrency model calls running at once (each waits on the model's network answer)
 */
@ConfigurationProperties("agent")
public record AgentProperties(
    @DefaultValue("5") int maxRounds,
    @DefaultValue("30s") Duration turnDeadline,
    @DefaultValue("24") int transcriptLimit,
    @DefaultValue("256") int modelConcurrency) {}
