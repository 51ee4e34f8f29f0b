package io.loanofficer.gateway.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-user and per-socket limits of /ws/chat (frame size and origins are in {@code gateway.*}).
 *
 * @param framesPerPeriod frames a user may send per {@code ratePeriod} over all their sockets on
 *     this gateway (token bucket: the full amount may come in a burst, it refills gradually)
 * @param ratePeriod the period of that rate
 * @param maxTurnsInFlight accepted turns of one user without a final reply yet; one more is RATE_LIMITED
 * @param turnInFlightExpiry a turn whose reply this gateway never sees stops counting after this
 * @param idleTimeout a socket without a frame either way for this long is closed (4408)
 */
@ConfigurationProperties("gateway.limits")
public record LimitProperties(
    @DefaultValue("20") int framesPerPeriod,
    @DefaultValue("1m") Duration ratePeriod,
    @DefaultValue("3") int maxTurnsInFlight,
    @DefaultValue("2m") Duration turnInFlightExpiry,
    @DefaultValue("10m") Duration idleTimeout) {}
