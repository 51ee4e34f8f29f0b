package io.loanofficer.gateway.chat;

import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.gateway.GatewayProperties;
import io.loanofficer.gateway.limits.LimitProperties;
import io.loanofficer.gateway.limits.LimitRecorder;
import io.loanofficer.gateway.limits.TurnsInFlight;
import io.loanofficer.gateway.limits.UserRateLimiter;
import io.loanofficer.gateway.security.SecurityProperties;
import io.loanofficer.gateway.security.TokenExpiryGuard;
import io.loanofficer.gateway.transcript.TranscriptReader;
import io.loanofficer.observability.TraceIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectMapper;

/** The parts of the chat endpoint; {@link ChatEndpointConfiguration} registers it. */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

  /** Timers of the sockets: token expiry closes, the idle sweep, rate-limiter housekeeping. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService gatewayTimers() {
    return Executors.newScheduledThreadPool(1, daemon("gateway-timer-"));
  }

  /** Reads conversation histories (resume) and alert chains (list_alerts) off the sockets' threads. */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService historyReaders() {
    return Executors.newFixedThreadPool(2, daemon("gateway-history-"));
  }

  @Bean
  ChatSessions chatSessions() {
    return new ChatSessions();
  }

  @Bean
  Frames frames(ObjectMapper json) {
    return new Frames(json);
  }

  @Bean
  TokenExpiryGuard tokenExpiryGuard(@Qualifier("gatewayTimers") ScheduledExecutorService timers,
      SecurityProperties security, ChatSessions sessions) {
    return new TokenExpiryGuard(timers, Clock.systemUTC(), security.clockSkew(),
        sessionId -> sessions.close(sessionId, ChatSessions.TOKEN_EXPIRED));
  }

  @Bean
  IdleSocketReaper idleSocketReaper(ChatSessions sessions, LimitRecorder recorder, LimitProperties limits,
      @Qualifier("gatewayTimers") ScheduledExecutorService timers) {
    return new IdleSocketReaper(sessions, recorder, limits.idleTimeout(), timers);
  }

  @Bean
  AcceptanceGate acceptanceGate() {
    return new AcceptanceGate();
  }

  @Bean
  TurnIntake turnIntake(KafkaTemplate<String, SpecificRecord> kafka, GatewayProperties properties,
      ChatSessions sessions, Frames frames, TurnsInFlight inFlight, LimitRecorder limits, AcceptanceGate gate,
      TraceIds traceIds, TurnMeters turnMeters) {
    return new TurnIntake(new TurnPublisher(kafka, Clock.systemUTC(), properties.instanceId(), traceIds), sessions,
        frames, properties, inFlight, limits, gate, turnMeters);
  }

  @Bean
  ResumeHandler resumeHandler(TranscriptReader reader, ChatSessions sessions, Frames frames,
      @Qualifier("historyReaders") ExecutorService historyReaders) {
    return new ResumeHandler(reader, sessions, frames, historyReaders);
  }

  @Bean
  AlertsHandler alertsHandler(AuditLogReader auditLogReader, ChatSessions sessions, Frames frames,
      @Qualifier("historyReaders") ExecutorService historyReaders) {
    return new AlertsHandler(auditLogReader, sessions, frames, historyReaders);
  }

  @Bean
  ChatSocketHandler chatSocketHandler(ChatSessions sessions, Frames frames, GatewayProperties properties,
      TurnIntake turns, ResumeHandler resume, UserRateLimiter rate, TokenExpiryGuard expiry, LimitRecorder limits,
      AlertsHandler alerts, ObservationRegistry observations) {
    return new ChatSocketHandler(sessions, frames, properties, turns, resume, rate, expiry, limits, alerts, observations);
  }

  @Bean
  TurnMeters turnMeters(MeterRegistry meters) {
    return new TurnMeters(meters, Clock.systemUTC());
  }

  @Bean
  ReplyListener replyListener(ChatSessions sessions, Frames frames, TurnsInFlight inFlight, AcceptanceGate gate,
      TurnMeters turnMeters) {
    return new ReplyListener(sessions, frames, inFlight, gate, turnMeters);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
