package io.loanofficer.agent.replay;

import io.loanofficer.agent.planner.OfflinePlanner;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;

/**
 * infra/audit-drift.sh: {@code <conversationId> [--bootstrap host:port]}. Reads the chain from
 * audit.events, verifies it, replays its turns through today's offline planner with the recorded
 * tool results and prints, per turn, where the tool calls or the answer differ. Exit status 0 when
 * nothing drifted, 3 on drift, 2 when the chain does not verify (the replay still runs), 1 when
 * there is nothing to replay.
 */
public final class DriftReplayMain {

  private DriftReplayMain() {}

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String conversationId = null;
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--bootstrap")) {
        bootstrap = args[++i];
      } else {
        conversationId = args[i];
      }
    }
    if (conversationId == null) {
      System.err.println("usage: audit-drift.sh <conversationId> [--bootstrap host:port]");
      System.exit(64);
    }
    AuditLog chain = AuditLogReader.forBootstrap(bootstrap).read(conversationId);
    if (chain.isEmpty()) {
      System.err.println("No audit records for " + conversationId + " on " + bootstrap);
      System.exit(1);
    }
    ChainVerification.Result verification = chain.verify();
    DriftReplay.Report report = new DriftReplay(new OfflinePlanner()).replay(conversationId, chain.records());
    System.out.println(report.toText());
    System.out.println(verification.verified() ? "chain verified: true"
        : "chain verified: false (first broken seq " + verification.firstBrokenSeq() + ")");
    System.exit(!verification.verified() ? 2 : report.drifted() ? 3 : 0);
  }
}
