package io.loanofficer.events.serde;

import io.loanofficer.events.serde.EventTypes.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * The golden fixtures in src/test/resources/golden: for each released schema version, records
 * encoded with THAT version, frozen as bytes. {@code {Name}.v{N}[.label].bin} is the single-object
 * payload; {@code {Name}.v{N}[.label].json} is the same record in Avro's JSON encoding under the same
 * writer schema (what was written, readable by people). {@link GoldenFixtureGenerator} writes a
 * missing .bin from its .json, once; a .bin is never rewritten.
 */
public final class GoldenFixtures {

  /** From any module's directory (tests run there): audit-trail's tests read these fixtures too. */
  public static final Path DIR = Path.of("..", "schemas", "src", "test", "resources", "golden");

  private static final Pattern NAME = Pattern.compile("([A-Za-z]+)\\.v([1-9][0-9]*)((?:\\.[A-Za-z0-9-]+)?)");

  /** One fixture: a released schema version and the file stem, e.g. ChatTurnSubmitted.v1. */
  public record Fixture(String stem, String name, int version) {

    public Path bin() {
      return DIR.resolve(stem + ".bin");
    }

    public Path json() {
      return DIR.resolve(stem + ".json");
    }

    /** The released schema the fixture was written with. */
    public EventType writer() {
      return EventTypes.released().stream()
          .filter(t -> t.name().equals(name) && t.version() == version)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(stem + " names no released schema"));
    }

    public byte[] bytes() {
      try {
        return Files.readAllBytes(bin());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The record as written, from its .bin, read with its writer schema alone (no resolution). */
    public GenericRecord written() {
      try {
        return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), writer().schema()).decode(bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The record as its .json states it, under the writer schema. */
    public GenericRecord stated() {
      try {
        Schema schema = writer().schema();
        return new GenericDatumReader<GenericRecord>(schema)
            .read(null, DecoderFactory.get().jsonDecoder(schema, Files.readString(json())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return stem;
    }
  }

  private GoldenFixtures() {}

  public static Fixture fixture(String stem) {
    Matcher m = NAME.matcher(stem);
    if (!m.matches()) {
      throw new IllegalArgumentException(stem + " is not {Name}.v{N}[.label]");
    }
    return new Fixture(stem, m.group(1), Integer.parseInt(m.group(2)));
  }

  /** Every fixture that has bytes, by stem. */
  public static List<Fixture> all() {
    return stems(".bin");
  }

  /** Every fixture stated in JSON (its bytes may not be generated yet). */
  static List<Fixture> stated() {
    return stems(".json");
  }

  private static List<Fixture> stems(String extension) {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(extension))
          .map(n -> fixture(n.substring(0, n.length() - extension.length())))
          .sorted(java.util.Comparator.comparing(Fixture::stem))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Single-object encoding of a record with the given (released) writer schema. */
  public static byte[] encode(GenericRecord record) {
    try {
      ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Avro's JSON encoding of a record under its own schema, pretty-printed. */
  public static String json(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out, true);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return out.toString(java.nio.charset.StandardCharsets.UTF_8) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
