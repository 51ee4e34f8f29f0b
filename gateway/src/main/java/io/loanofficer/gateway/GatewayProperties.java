package io.loanofficer.gateway;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param instanceId this gateway's name: its reply consumer group and its audit chain
 * @param jwtSecret HS256 secret (at least 32 bytes); required until JWKS is configured
 * @param maxFrameBytes larger frames are answered with TOO_LARGE
 * @param maxTextChars longest question accepted
 * @param allowedOrigins origins allowed to open the socket
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
    String instanceId,
    String jwtSecret,
    @DefaultValue("16384") int maxFrameBytes,
    @DefaultValue("2000") int maxTextChars,
    @DefaultValue("http://localhost:8080") List<String> allowedOrigins) {}
