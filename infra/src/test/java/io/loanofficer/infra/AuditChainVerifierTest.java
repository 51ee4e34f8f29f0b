package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditExportFile;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.io.File;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * infra/verify-audit.py, the second implementation of docs/audit-chain.md, on the spec's test
 * vectors and on exports of the vector chain (no broker needed): it agrees with the Java chain on
 * every hash, on an erased seq, and rejects bad usage. Exports of a live conversation and their
 * tampered copies: AuditReplayEndToEndTest.
 */
class AuditChainVerifierTest {

  private static final Path VECTORS = Path.of("..", "docs", "audit-chain-vectors.json");
  private static final EventSerde SERDE = new EventSerde();

  @TempDir
  Path dir;

  @BeforeEach
  void needsPython() {
    VerifyAuditScript.assumeAvailable();
  }

  @Test
  void theIndependentVerifierReproducesEveryTestVector() throws Exception {
    VerifyAuditScript.Run run = VerifyAuditScript.run("--vectors", VECTORS.toString());
    assertThat(run.out()).as(run.err()).containsExactly("vector 1: ok", "vector 2: ok", "vector 3: ok",
        "verified: 3 records");
    assertThat(run.exit()).isZero();
  }

  @Test
  void aVectorWithAnotherHashIsReportedByNumber() throws Exception {
    String json = Files.readString(VECTORS);
    String hash = JsonMapper.shared().readTree(json).get("vectors").get(2).get("hash").asString();
    Path changed = dir.resolve("changed.json");
    // the last vector's expected hash with its first hex digit changed (in the record and the vector)
    String other = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
    Files.writeString(changed, json.replace(hash, other));
    VerifyAuditScript.Run run = VerifyAuditScript.run("--vectors", changed.toString());
    assertThat(run.out()).containsExactly("vector 1: ok", "vector 2: ok",
        "vector 3: the value's hash is '" + hash + "', the inputs say '" + other + "'", "broken: 1 of 3 vectors");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void anExportOfTheVectorChainVerifiesAndAnErasedSeqIsNamedByBothVerifiers() throws Exception {
    File intact = export(dir.resolve("vectors.avro"), false);
    VerifyAuditScript.Run run = VerifyAuditScript.run(intact.toString());
    assertThat(run.out()).as(run.err()).containsExactly("conv-vectors: verified: 3 records", "verified: 3 records");
    assertThat(run.exit()).isZero();
    assertThat(ExportTampering.javaVerdict(intact, "conv-vectors").verified()).isTrue();

    File erased = export(dir.resolve("erased.avro"), true);
    run = VerifyAuditScript.run(erased.toString());
    assertThat(run.out()).containsExactly("conv-vectors: broken at seq 2: erased (tombstone)", "broken: 1 of 1 chains");
    assertThat(run.exit()).isEqualTo(1);
    ChainVerification.Result java = ExportTampering.javaVerdict(erased, "conv-vectors");
    assertThat(java.firstBrokenSeq()).isEqualTo(2L);
    assertThat(java.problem()).isEqualTo(ChainVerification.Problem.ERASED);
  }

  @Test
  void aValueOfAnUnknownSchemaOrWithTrailingBytesIsReportedAtItsSeqNeverSkipped() throws Exception {
    File intact = export(dir.resolve("vectors.avro"), false);
    // a newer writer: a fingerprint no released schema has (one header byte changed)
    File newer = ExportTampering.rewrite(intact, dir.resolve("newer.avro"), entries -> {
      ByteBuffer value = entries.get(1).getValue();
      value.put(value.position() + 2, (byte) (value.get(value.position() + 2) ^ 1));
    });
    VerifyAuditScript.Run run = VerifyAuditScript.run(newer.toString());
    assertThat(run.out()).containsExactly("conv-vectors: broken at seq 2: value cannot be decoded (no released"
        + " AuditRecord schema has fingerprint 893240202dbaebdb)", "broken: 1 of 1 chains");
    assertThat(run.exit()).isEqualTo(1);

    File longer = ExportTampering.rewrite(intact, dir.resolve("longer.avro"), entries -> {
      ByteBuffer value = entries.get(2).getValue();
      byte[] bytes = new byte[value.remaining() + 2];
      value.duplicate().get(bytes, 0, value.remaining());
      entries.get(2).setValue(ByteBuffer.wrap(bytes));
    });
    run = VerifyAuditScript.run(longer.toString());
    assertThat(run.out()).containsExactly("conv-vectors: broken at seq 3: value cannot be decoded (2 bytes after"
        + " the record)", "broken: 1 of 1 chains");
  }

  @Test
  void badUsageAndUnreadableFilesExitWithTwo() throws Exception {
    assertThat(VerifyAuditScript.run().exit()).isEqualTo(2);
    VerifyAuditScript.Run missing = VerifyAuditScript.run(dir.resolve("absent.avro").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read").contains("absent.avro");
    Path notAvro = Files.writeString(dir.resolve("not.avro"), "hello");
    VerifyAuditScript.Run garbage = VerifyAuditScript.run(notAvro.toString());
    assertThat(garbage.exit()).isEqualTo(2);
    assertThat(garbage.err()).contains("is not an Avro object container file");
  }

  /**
   * The vector chain as if read from partition murmur2("conv-vectors") % 6 at offsets 101..103, with
   * one header on seq 1; with {@code eraseSecond}, seq 2's newest value is a tombstone at offset 104.
   */
  private static File export(Path file, boolean eraseSecond) throws Exception {
    JsonNode vectors = JsonMapper.shared().readTree(Files.readString(VECTORS)).get("vectors");
    String chainId = "conv-vectors";
    int partition = AuditKeys.partition(chainId, Topic.AUDIT_EVENTS.partitions());
    List<AuditLog.Entry> entries = new ArrayList<>();
    List<AuditLog.Stored> tombstones = new ArrayList<>();
    TreeSet<Long> erased = new TreeSet<>();
    for (JsonNode vector : vectors) {
      long seq = vector.get("record").get("seq").asLong();
      String key = AuditKeys.key(chainId, seq);
      if (eraseSecond && seq == 2) {
        tombstones.add(new AuditLog.Stored(key, partition, 104, 1795600900000L, List.of(), null));
        erased.add(seq);
        continue;
      }
      byte[] value = HexFormat.of().parseHex(vector.get("value").asString());
      List<Header> headers = seq == 1
          ? List.of(new RecordHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes()))
          : List.of();
      AuditLog.Stored stored = new AuditLog.Stored(key, partition, 100 + seq, 1795600800000L + seq, headers, value);
      entries.add(new AuditLog.Entry(seq, 100 + seq, SERDE.decode(value, AuditRecord.class), stored));
    }
    try (OutputStream out = Files.newOutputStream(file);
        AuditExportFile.Writer writer = new AuditExportFile.Writer(out, Topic.AUDIT_EVENTS.topicName(),
            Topic.AUDIT_EVENTS.partitions(), "chain " + chainId)) {
      writer.append(new AuditLog(chainId, entries, erased, new TreeSet<>(), tombstones));
    }
    return file.toFile();
  }
}
