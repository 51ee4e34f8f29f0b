package io.loanofficer.gateway.security;

import io.loanofficer.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The socket is opened only with a valid JWT (Authorization: Bearer, or the access_token query
 * parameter, which browsers need for WebSocket upgrades); anything else is 401 at the upgrade.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
    tokens.setAllowUriQueryParameter(true);
    http
        .csrf(csrf -> csrf.ignoringRequestMatchers("/api/dev/token"))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(auth -> auth
            .requestMatchers("/", "/index.html", "/slider/**", "/favicon.ico", "/error").permitAll()
            .requestMatchers("/api/dev/token", "/actuator/health/**").permitAll()
            .anyRequest().authenticated())
        .oauth2ResourceServer(rs -> rs.bearerTokenResolver(tokens).jwt(Customizer.withDefaults()));
    return http.build();
  }

  @Bean
  JwtDecoder jwtDecoder(GatewayProperties properties) {
    String secret = properties.jwtSecret();
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalStateException("gateway.jwt-secret (JWT_SECRET) must be set to at least 32 bytes");
    }
    return NimbusJwtDecoder
        .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
        .macAlgorithm(MacAlgorithm.HS256)
        .build();
  }
}
