package io.loanofficer.agent.openai;

/**
 * The model could not be reached or gave no usable answer after the allowed attempts. The
 * conversation engine turns it into an INTERNAL error reply. The message carries status codes and
 * attempt counts only, never prompt content or credentials.
 */
public class ModelUnavailableException extends RuntimeException {

  private final int attempts;
  private final Integer statusCode;

  public ModelUnavailableException(String message, int attempts, Integer statusCode, Throwable cause) {
    super(message, cause);
    this.attempts = attempts;
    this.statusCode = statusCode;
  }

  /** HTTP attempts made (0 when the response could not be used at all). */
  public int attempts() {
    return attempts;
  }

  /** The last HTTP status received, or null for I/O failures and timeouts. */
  public Integer statusCode() {
    return statusCode;
  }
}
