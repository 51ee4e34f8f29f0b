package io.loanofficer.pii;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A per-conversation PII token as the tool workers write it in place of a personal value:
 * {@code [EMAIL_1a2b3c]} (kind, then 6 hex digits of an HMAC). The one definition of the format: the
 * worker writes tokens with {@link #of}, the gateway and the worker read them back with {@link #parse}.
 * DLP markers ({@code [EMAIL_REDACTED]}) are not tokens: nothing stands behind them.
 */
public record PiiToken(PiiKind kind, String digest) {

  private static final Pattern FORMAT = Pattern.compile("\\[([A-Z_]+)_([0-9a-f]{6})\\]");

  public PiiToken {
    if (kind == null || digest == null || !digest.matches("[0-9a-f]{6}")) {
      throw new IllegalArgumentException("a token is a kind and 6 lower-case hex digits");
    }
  }

  public static PiiToken of(PiiKind kind, String digest) {
    return new PiiToken(kind, digest);
  }

  /** The token this text is exactly (no surrounding text), if it is one. */
  public static Optional<PiiToken> parse(String text) {
    if (text == null || text.length() > 40) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PiiToken(PiiKind.valueOf(m.group(1)), m.group(2)));
    } catch (IllegalArgumentException unknownKind) {
      return Optional.empty();
    }
  }

  public String text() {
    return "[" + kind.name() + "_" + digest + "]";
  }

  @Override
  public String toString() {
    return text();
  }
}
