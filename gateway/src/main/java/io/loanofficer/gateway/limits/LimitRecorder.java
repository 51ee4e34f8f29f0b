package io.loanofficer.gateway.limits;

import io.loanofficer.events.RefusalKind;
import io.loanofficer.gateway.audit.GatewayAuditTrail;
import io.loanofficer.gateway.security.UserRef;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every refusal by a limit: one log line (limit, pseudonymous user reference, no content)
 * and the counter {@code gateway.limit.rejections} tagged {@code limit}. (The audit trail of
 * refused events is a separate concern.)
 */
public class LimitRecorder {

  public static final String METER = "gateway.limit.rejections";
  private static final Logger log = LoggerFactory.getLogger(LimitRecorder.class);

  private final MeterRegistry meters;
  private final GatewayAuditTrail audit;

  public LimitRecorder(MeterRegistry meters, GatewayAuditTrail audit) {
    this.meters = meters;
    this.audit = audit;
  }

  public void refused(Limit limit, String userId, String detail) {
    refused(limit, userId, detail, "/ws/chat");
  }

  public void refused(Limit limit, String userId, String detail, String path) {
    String user = UserRef.of(userId);
    log.warn("Limit {} refused {}: {}", limit.tag(), user, detail);
    meters.counter(METER, "limit", limit.tag()).increment();
    audit.refused(RefusalKind.LIMIT, limit.tag(), detail, path, user);
  }
}
