package io.loanofficer.tools.pii;

/** The user was shown as many values as the limit allows in the last hour, across every gateway. */
public final class RevealLimitExceeded extends RuntimeException {

  public RevealLimitExceeded(int limit) {
    super("at most " + limit + " revealed values per user per hour");
  }
}
