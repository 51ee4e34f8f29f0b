package io.loanofficer.tools;

import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.BorrowerRepository;
import io.loanofficer.tools.pii.DisclosureLog;
import io.loanofficer.tools.pii.PiiRevealer;
import io.loanofficer.tools.pii.PiiTokenizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DeferredImportSelector;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The lending tools as beans: every {@link LendingTool}, the shared components they use, the
 * spring-data-jdbc repositories, the {@link ToolRunner}, and a default {@link Clock}
 * ({@link DefaultToolClock}: {@code @ConditionalOnMissingBean}, system UTC, or fixed by
 * {@code tools.as-of=yyyy-MM-dd}). Import it (or scan this package) from the worker application.
 *
 * <p>The default clock is imported through a {@link DeferredImportSelector}, i.e. after every other
 * configuration class, as auto-configurations are: so a Clock the application declares anywhere wins,
 * whatever the order in which the configuration classes are read.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = {
    "io.loanofficer.tools.access", "io.loanofficer.tools.borrowers", "io.loanofficer.tools.collateral",
    "io.loanofficer.tools.crops", "io.loanofficer.tools.equipment", "io.loanofficer.tools.loans",
    "io.loanofficer.tools.market", "io.loanofficer.tools.payments", "io.loanofficer.tools.refinancing",
    "io.loanofficer.tools.risk"})
@EnableJdbcRepositories(basePackageClasses = BorrowerRepository.class)
@Import(ToolsConfiguration.DefaultClockImport.class)
public class ToolsConfiguration {

  /**
   * The tools' clock: system UTC, or fixed at the start (UTC) of {@code tools.as-of=yyyy-MM-dd} when
   * that property is set (reproducible demos and tests).
   */
  public static Clock clockFor(String asOf) {
    if (asOf == null || asOf.isBlank()) {
      return Clock.systemUTC();
    }
    return Clock.fixed(LocalDate.parse(asOf.trim()).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
  }

  /** Imports {@link DefaultToolClock} last. */
  static class DefaultClockImport implements DeferredImportSelector {
    @Override
    public String[] selectImports(AnnotationMetadata importingClassMetadata) {
      return new String[] {DefaultToolClock.class.getName()};
    }
  }

  @Bean
  public PiiTokenizer piiTokenizer(@Value("${tools.pii.token-secret:}") String piiTokenSecret) {
    // no default: a worker without PII_TOKEN_SECRET does not start (the local profile and tests set a dev one)
    return new PiiTokenizer(piiTokenSecret);
  }

  @Bean
  public ToolRunner toolRunner(List<LendingTool> tools, Clock clock,
      @Value("${tools.max-result-bytes:" + ToolRunner.DEFAULT_MAX_RESULT_BYTES + "}") int maxResultBytes,
      PiiTokenizer piiTokenizer) {
    return new ToolRunner(tools, clock, maxResultBytes, piiTokenizer);
  }

  @Bean
  public DisclosureLog disclosureLog(NamedParameterJdbcTemplate jdbc) {
    return new DisclosureLog(jdbc, Clock.systemUTC());
  }

  @Bean
  public PiiRevealer piiRevealer(Portfolio portfolio, PiiTokenizer piiTokenizer, DisclosureLog disclosureLog,
      @Value("${tools.pii.reveals-per-hour:30}") int revealsPerHour) {
    return new PiiRevealer(portfolio, piiTokenizer, disclosureLog, revealsPerHour);
  }
}
