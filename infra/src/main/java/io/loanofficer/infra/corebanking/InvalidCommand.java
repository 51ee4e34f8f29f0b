package io.loanofficer.infra.corebanking;

/** A command the core banking system refuses (malformed or unknown id, value out of range): nothing is written. */
public final class InvalidCommand extends Exception {

  public InvalidCommand(String message) {
    super(message);
  }
}
