package io.loanofficer.worker.alerts;

import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.data.BorrowerRepository;
import io.loanofficer.tools.data.CollateralRepository;
import io.loanofficer.tools.data.LoanRepository;
import io.loanofficer.tools.pii.PiiTokenizer;
import io.loanofficer.tools.pii.ResultMasker;
import io.loanofficer.worker.WorkerProperties;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The alert rules on lending.changes; {@code worker.alerts.enabled=false} (WORKER_ALERTS) turns them off. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "worker.alerts.enabled", havingValue = "true", matchIfMissing = true)
public class AlertConfiguration {

  @Bean
  AlertRules alertRules(LoanRepository loans, BorrowerRepository borrowers, CollateralRepository collateral,
      PiiTokenizer tokenizer, WorkerProperties worker) {
    // event times are wall-clock time (the tools' own clock may be fixed)
    return new AlertRules(loans, borrowers, collateral, new ResultMasker(ToolRunner.RESULT_JSON, tokenizer), Clock.systemUTC(),
        worker.id());
  }

  @Bean
  AlertListener alertListener(AlertRules rules, KafkaTemplate<String, SpecificRecord> kafka) {
    return new AlertListener(rules, kafka);
  }
}
