package io.loanofficer.gateway.security;

import io.loanofficer.gateway.audit.GatewayAuditTrail;
import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.identity.TokenDecoders;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The socket is opened only with a valid JWT (Authorization: Bearer, or the access_token query
 * parameter, which browsers need for WebSocket upgrades): no valid token, 401 at the upgrade; a
 * valid token without any known role, 403. The examiners' API and the audit replay need EXAMINER.
 * The slider's files are public; they are ES modules, which a dashboard on another origin may load
 * only with CORS, so the origins allowed to open the socket may also fetch them.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final String[] ANY_ROLE = Roles.ALL.toArray(String[]::new);

  @Bean
  RefusalRecorder refusalRecorder(MeterRegistry meters, GatewayAuditTrail audit) {
    return new RefusalRecorder(meters, audit);
  }

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, RefusalRecorder refusals, GatewayProperties gateway) throws Exception {
    DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
    tokens.setAllowUriQueryParameter(true);
    http
        .cors(cors -> cors.configurationSource(sliderCors(gateway.allowedOrigins())))
        // bearer tokens, not cookies, authenticate the API: a cross-site page cannot send them
        .csrf(csrf -> csrf.ignoringRequestMatchers("/api/dev/token", "/api/pii/**"))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(auth -> auth
            .requestMatchers("/", "/index.html", "/slider/**", "/favicon.ico", "/error").permitAll()
            .requestMatchers("/api/dev/token", "/api/dev/observability", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**").permitAll()
            .requestMatchers("/ws/chat").hasAnyRole(ANY_ROLE)
            .requestMatchers("/api/examiner/**", "/api/audit/**").hasRole(Roles.EXAMINER)
            .requestMatchers("/api/pii/**").hasAnyRole(ANY_ROLE)
            .anyRequest().authenticated())
        .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .oauth2ResourceServer(rs -> rs
            .bearerTokenResolver(tokens)
            .authenticationEntryPoint(refusals)
            .accessDeniedHandler(refusals)
            .jwt(jwt -> jwt.jwtAuthenticationConverter(new RoleClaims())));
    return http.build();
  }

  /** CORS for the slider's module files only (GET); every other path stays same-origin. */
  static UrlBasedCorsConfigurationSource sliderCors(List<String> allowedOrigins) {
    CorsConfiguration slider = new CorsConfiguration();
    slider.setAllowedOrigins(allowedOrigins);
    slider.setAllowedMethods(List.of("GET", "HEAD"));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/slider/**", slider);
    return source;
  }

  @Bean
  JwtDecoder jwtDecoder(GatewayProperties gateway, SecurityProperties security) {
    return TokenDecoders.create(security.tokenSettings(gateway.jwtSecret()));
  }
}
