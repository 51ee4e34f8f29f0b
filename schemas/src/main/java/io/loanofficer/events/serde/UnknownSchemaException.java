package io.loanofficer.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A payload whose writer schema this build does not know (a newer producer, or foreign bytes).
 * A SerializationException, so that Kafka listeners route the record to their error handler
 * instead of retrying it forever.
 */
public class UnknownSchemaException extends SerializationException {

  private final long fingerprint;

  public UnknownSchemaException(long fingerprint) {
    super("No known event schema has fingerprint " + Long.toHexString(fingerprint)
        + "; the producer is newer than this reader or the bytes are not ours");
    this.fingerprint = fingerprint;
  }

  public long fingerprint() {
    return fingerprint;
  }
}
