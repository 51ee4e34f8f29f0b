package io.loanofficer.events.serde;

import io.loanofficer.events.serde.GoldenFixtures.Fixture;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden fixtures that are missing, never one that exists (golden bytes are frozen).
 * Run once when a schema version is released:
 * <ol>
 *   <li>add schemas/history/{Name}.v{N}.avsc and its line in released-schemas.txt;</li>
 *   <li>write src/test/resources/golden/{Name}.v{N}.json by hand: a record in Avro's JSON encoding
 *       under that schema (unions as {"string": "..."}, timestamps as epoch millis);</li>
 *   <li>{@code mvn -B -ntp -q -pl schemas -am test -Dtest=GoldenFixtureGenerator -Dgolden.generate=true
 *       -Dsurefire.failIfNoSpecifiedTests=false}: it encodes the .bin with that version's schema;</li>
 *   <li>commit both files and assert the new fields in GoldenFixturesTest.</li>
 * </ol>
 * The AuditRecord fixtures are a hash chain: audit-trail's GoldenAuditChainGenerator writes them with
 * AuditChain (the contracts do not depend on the audit code, ADR 25).
 */
@EnabledIfSystemProperty(named = "golden.generate", matches = "true",
    disabledReason = "writes golden fixtures; run with -Dgolden.generate=true when releasing a schema version")
class GoldenFixtureGenerator {

  @Test
  void writeMissingFixtures() throws IOException {
    for (Fixture fixture : GoldenFixtures.stated()) {
      if (!fixture.name().equals("AuditRecord") && !Files.exists(fixture.bin())) {
        Files.write(fixture.bin(), GoldenFixtures.encode(fixture.stated()));
        System.out.println("wrote " + fixture.bin());
      }
    }
  }
}
