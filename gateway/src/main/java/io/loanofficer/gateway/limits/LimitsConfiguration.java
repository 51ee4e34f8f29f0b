package io.loanofficer.gateway.limits;

import io.loanofficer.gateway.audit.GatewayAuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class LimitsConfiguration {

  @Bean
  LimitRecorder limitRecorder(MeterRegistry meters, GatewayAuditTrail audit) {
    return new LimitRecorder(meters, audit);
  }

  @Bean
  UserRateLimiter userRateLimiter(LimitProperties limits, @Qualifier("gatewayTimers") ScheduledExecutorService timers) {
    UserRateLimiter limiter = new UserRateLimiter(limits.framesPerPeriod(), limits.ratePeriod());
    long every = Math.max(1_000, limits.ratePeriod().toMillis());
    timers.scheduleWithFixedDelay(limiter::evictIdle, every, every, TimeUnit.MILLISECONDS);
    return limiter;
  }

  @Bean
  TurnsInFlight turnsInFlight(LimitProperties limits) {
    return new TurnsInFlight(limits, Clock.systemUTC());
  }
}
