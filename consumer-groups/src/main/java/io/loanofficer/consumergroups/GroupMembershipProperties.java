package io.loanofficer.consumergroups;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this instance's listener consumers belong to their groups.
 *
 * @param instanceId a name that stays with this instance across restarts and that no other live
 *     instance of the service has (the run command's instance, a pod's name): its consumers become
 *     static members ({@code group.instance.id = <instanceId>-<listener>-<n>}), so a restart after a
 *     crash gets its partitions back at once instead of after the dead member's session timeout.
 *     Blank: dynamic members (the default, safe when nothing names instances).
 * @param sessionTimeout how long a member that stopped heartbeating (a crash) keeps its partitions
 *     before the group moves them; the classic protocol's broker minimum is 6 s by default
 * @param heartbeatInterval how often members heartbeat: also how soon they learn of a rebalance
 */
@ConfigurationProperties("kafka.membership")
public record GroupMembershipProperties(String instanceId, Duration sessionTimeout, Duration heartbeatInterval) {

  /** Kafka's rule for group instance ids (and topic names), less the room the suffixes take. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  public GroupMembershipProperties {
    instanceId = instanceId == null || instanceId.isBlank() ? null : instanceId.trim();
    if (instanceId != null && !LEGAL.matcher(instanceId).matches()) {
      throw new IllegalArgumentException("kafka.membership.instance-id must be 1-200 of [a-zA-Z0-9._-], got '"
          + instanceId + "'");
    }
    if (sessionTimeout == null) {
      sessionTimeout = Duration.ofSeconds(6);
    }
    if (heartbeatInterval == null) {
      heartbeatInterval = Duration.ofSeconds(1);
    }
    if (heartbeatInterval.multipliedBy(3).compareTo(sessionTimeout) > 0) {
      throw new IllegalArgumentException("kafka.membership.heartbeat-interval (" + heartbeatInterval
          + ") must be at most a third of kafka.membership.session-timeout (" + sessionTimeout + ")");
    }
  }

  public boolean isStatic() {
    return instanceId != null;
  }
}
