package io.loanofficer.consumergroups;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The consumer settings of one membership choice (ADR 0009): static members named after the
 * instance, short session timeouts, and leaving the group on a graceful stop.
 */
public final class GroupMembership {

  private final GroupMembershipProperties properties;

  public GroupMembership(GroupMembershipProperties properties) {
    this.properties = properties;
  }

  /**
   * Consumer properties for the member {@code member} of this instance (a listener id, say): the
   * session settings, and with an instance id, {@code group.instance.id = <instanceId>-<member>}
   * (Spring appends {@code -<n>} per concurrent consumer). Never shared by two consumers of one group
   * as long as instance ids are unique per live instance and member names unique per instance.
   */
  public Map<String, Object> consumerProperties(String member) {
    Map<String, Object> settings = sessionProperties();
    if (properties.isStatic()) {
      settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.instanceId() + "-" + member);
    }
    return settings;
  }

  /**
   * Only the session settings: for a consumer that stays a dynamic member (one that closes itself
   * with a plain close(), which a static member would not leave the group by).
   */
  public Map<String, Object> sessionProperties() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
    settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.heartbeatInterval().toMillis());
    return settings;
  }

  public boolean isStatic() {
    return properties.isStatic();
  }

  /**
   * The consumer, except that closing it leaves the group. A static member does not leave on a plain
   * close(), nor on unsubscribe() (which also forgets its member id, so a later close could not leave
   * either): its partitions would wait out its session timeout. A stopping Spring container calls
   * unsubscribe() (when it has no Kafka transaction manager) and then close(), and nothing else calls
   * unsubscribe() here; so unsubscribe() closes and leaves, and the close() after it does nothing more.
   */
  @SuppressWarnings("unchecked")
  public static <K, V> Consumer<K, V> leavingOnClose(Consumer<K, V> consumer) {
    InvocationHandler handler = new InvocationHandler() {
      @Override
      public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "leaving-on-close " + consumer;
          case "unsubscribe":
          case "close":
            CloseOptions leave = CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP);
            if (args == null || args.length == 0) {
              consumer.close(leave);
              return null;
            }
            if (args[0] instanceof Duration timeout) {
              consumer.close(leave.withTimeout(timeout));
              return null;
            }
            break;
          default:
            break;
        }
        try {
          return method.invoke(consumer, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    };
    return (Consumer<K, V>) Proxy.newProxyInstance(GroupMembership.class.getClassLoader(),
        new Class<?>[] {Consumer.class}, handler);
  }
}
