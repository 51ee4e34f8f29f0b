package io.loanofficer.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A payload whose writer schema is not a released schema of this build: most likely written by a
 * newer release (a producer upgraded before this reader), else foreign bytes. Its type cannot be
 * known, only its fingerprint. A SerializationException, so that Kafka listeners route the record
 * to their error handler (which logs or dead-letters it) instead of retrying it forever.
 */
public class UnknownSchemaException extends SerializationException {

  private final long fingerprint;

  public UnknownSchemaException(long fingerprint) {
    super("No known event schema has fingerprint " + EventTypes.hex(fingerprint)
        + ": not one of the " + EventTypes.released().size() + " released schemas of this build, probably "
        + "written by a newer release (upgrade this reader to decode it)");
    this.fingerprint = fingerprint;
  }

  public long fingerprint() {
    return fingerprint;
  }
}
