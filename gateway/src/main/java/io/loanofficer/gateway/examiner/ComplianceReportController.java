package io.loanofficer.gateway.examiner;

import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.gateway.reveal.RevealController;
import io.loanofficer.gateway.security.UserRef;
import io.loanofficer.reporting.compliance.PeriodReport;
import io.loanofficer.reporting.compliance.ReportHtml;
import io.loanofficer.reporting.compliance.ReportPeriod;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The compliance period report, the same as infra/compliance-report.sh writes: JSON (every figure)
 * by default, the self-contained HTML page for a client that asks for text/html (a browser). Read
 * from audit.events alone, every chain whole. EXAMINER only (the security filter chain: 401 without
 * a valid token, 403 for other roles); a bad range is 400 with the reason. Each report is logged
 * (who asked for which period).
 */
@RestController
@Tag(name = "examiner")
@SecurityRequirement(name = "bearer")
public class ComplianceReportController {

  private static final Logger log = LoggerFactory.getLogger(ComplianceReportController.class);

  private final AuditLogReader reader;

  public ComplianceReportController(AuditLogReader reader) {
    this.reader = reader;
  }

  // As Spring Boot's error controller does: the HTML handler names text/html, this one answers every
  // other Accept (curl's */* included) with JSON.
  @GetMapping("/api/examiner/report")
  @Operation(summary = "The period report from audit.events: activity, outcomes, refusals, personal data, tools, models, "
      + "integrity, SIEM",
      description = "Whole UTC days from `from` to `to`, both included, at most 366. Every chain of audit.events is read "
          + "and verified whole; the same records give the same bytes. Ask for text/html to get the page with charts.")
  @ApiResponse(responseCode = "200", description = "the report's figures (the HTML page for Accept: text/html)")
  @ApiResponse(responseCode = "400", description = "a date missing or malformed, to before from, or more than 366 days")
  @ApiResponse(responseCode = "401", description = "no valid token")
  @ApiResponse(responseCode = "403", description = "not an EXAMINER")
  public ResponseEntity<String> json(
      @Parameter(description = "first day, YYYY-MM-DD (UTC)") @RequestParam(required = false) String from,
      @Parameter(description = "last day, YYYY-MM-DD (UTC), included") @RequestParam(required = false) String to,
      Principal examiner) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report(from, to, examiner).toJson());
  }

  @GetMapping(value = "/api/examiner/report", produces = MediaType.TEXT_HTML_VALUE)
  public String html(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      Principal examiner) {
    return ReportHtml.render(report(from, to, examiner));
  }

  /** A bad range: 400 with the reason, as JSON whatever the client accepts. */
  @ExceptionHandler(ReportPeriod.InvalidPeriodException.class)
  public ResponseEntity<RevealController.ErrorBody> badRange(ReportPeriod.InvalidPeriodException e) {
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
        .body(new RevealController.ErrorBody("INVALID_ARGUMENT", e.getMessage()));
  }

  private PeriodReport report(String from, String to, Principal examiner) {
    ReportPeriod period = ReportPeriod.parse(from, to);
    log.info("Compliance report {} .. {} for examiner {}", period.from(), period.to(), UserRef.of(examiner.getName()));
    PeriodReport.Builder builder = new PeriodReport.Builder(period);
    reader.readAll(builder::add);
    return builder.build();
  }
}
