package io.loanofficer.infra.audit;

import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.audit.Transcript;

/**
 * Examiner replay on the command line (infra/audit-replay.sh): reads one conversation's chain from
 * audit.events, prints its transcript (or, with --json, the transcript as JSON) and, last, the line
 * {@code chain verified: true|false (first broken seq N)}. Exit status 0 when verified, 2 when the
 * chain is broken, 1 when there is nothing to replay.
 */
public final class AuditReplayCli {

  private AuditReplayCli() {}

  public static void main(String[] args) {
    String conversationId = null;
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap" -> bootstrap = args[++i];
        case "--json" -> json = true;
        default -> conversationId = args[i];
      }
    }
    if (conversationId == null) {
      System.err.println("usage: audit-replay.sh <conversationId> [--bootstrap host:port] [--json]");
      System.exit(64);
    }
    AuditLog chain = AuditLogReader.forBootstrap(bootstrap).read(conversationId);
    if (chain.isEmpty()) {
      System.err.println("No audit records for " + conversationId + " on " + bootstrap);
      System.exit(1);
    }
    Transcript transcript = Transcript.of(conversationId, chain.records());
    System.out.println(json ? transcript.toJson() : transcript.toText());
    ChainVerification.Result result = chain.verify();
    System.out.println();
    System.out.println(statusLine(chain, result));
    System.exit(result.verified() ? 0 : 2);
  }

  /** The last line of the output. */
  public static String statusLine(AuditLog chain, ChainVerification.Result result) {
    if (result.verified()) {
      return "records: " + chain.entries().size() + "\nchain verified: true";
    }
    return "records: " + chain.entries().size() + (chain.erasedSeqs().isEmpty() ? "" : ", erased seqs: " + chain.erasedSeqs())
        + "\n" + result.problem() + ": " + result.detail()
        + "\nchain verified: false (first broken seq " + result.firstBrokenSeq() + ")";
  }
}
