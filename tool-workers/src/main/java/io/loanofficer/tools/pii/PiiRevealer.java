package io.loanofficer.tools.pii;

import io.loanofficer.pii.PiiKind;
import io.loanofficer.pii.PiiToken;
import io.loanofficer.pii.RevealPolicy;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolException;
import io.loanofficer.tools.access.Portfolio;
import io.loanofficer.tools.data.Borrower;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The real value behind a token, for a user entitled to it. Tokens cannot be reversed, so the value is
 * found by tokenising again: each borrower of the caller's own portfolio, in the field the token's kind
 * comes from, under the token's conversation; the one whose token matches is the answer. That a match
 * exists shows the value was the caller's to see in that conversation; a token from another
 * conversation, another officer's borrower or a made-up token all get the same NOT_FOUND (no oracle).
 *
 * <p>Only the role's kinds ({@link RevealPolicy}) and only the caller's own portfolio, even for a user
 * who also holds a role that reads every borrower: revealing is contacting, and that is the officer's.
 * The cost is one HMAC per portfolio borrower.
 */
public final class PiiRevealer {

  /** A revealed value and whose it is. */
  public record Revealed(PiiKind kind, String value, String borrowerId) {}

  private static final Map<PiiKind, Function<Borrower, String>> SOURCES = Map.of(
      PiiKind.EMAIL, Borrower::email,
      PiiKind.PHONE, Borrower::phone,
      PiiKind.ADDRESS, Borrower::address);

  private static final Duration LIMIT_WINDOW = Duration.ofHours(1);

  private final Portfolio portfolio;
  private final PiiTokenizer tokenizer;
  private final DisclosureLog disclosures;
  private final int perHour;

  /** @param perHour values one user may be shown per hour, over every gateway and worker */
  public PiiRevealer(Portfolio portfolio, PiiTokenizer tokenizer, DisclosureLog disclosures, int perHour) {
    this.portfolio = portfolio;
    this.tokenizer = tokenizer;
    this.disclosures = disclosures;
    this.perHour = perHour;
  }

  /**
   * Each value released is a row of the {@link DisclosureLog}.
   *
   * @throws ToolException INVALID_ARGUMENT (not a token), FORBIDDEN (the role may not reveal this
   *     kind), NOT_FOUND (no value of the caller's portfolio has this token in this conversation)
   * @throws RevealLimitExceeded the caller was shown {@code perHour} values in the last hour
   */
  public Revealed reveal(Caller caller, String conversationId, String tokenText) {
    PiiToken token = PiiToken.parse(tokenText)
        .orElseThrow(() -> ToolException.invalid("not a PII token"));
    if (conversationId == null || conversationId.isBlank()) {
      throw ToolException.invalid("conversation id is required");
    }
    if (!RevealPolicy.mayReveal(caller.roles(), token.kind())) {
      throw ToolException.forbidden("the caller's roles may not reveal " + token.kind());
    }
    if (disclosures.countRecent(caller.userId(), LIMIT_WINDOW) >= perHour) {
      // counted before matching: past the limit, a token's validity is not worth telling
      throw new RevealLimitExceeded(perHour);
    }
    Function<Borrower, String> source = Optional.ofNullable(SOURCES.get(token.kind()))
        .orElseThrow(() -> ToolException.notFound("token " + token));
    // value -> borrower: the same value twice (a shared farm e-mail) is still one answer
    Map<String, String> matches = new LinkedHashMap<>();
    for (Borrower borrower : portfolio.ownBorrowers(caller)) {
      String value = source.apply(borrower);
      if (value != null && tokenizer.token(token.kind(), conversationId, value).equals(token.text())) {
        matches.putIfAbsent(value, borrower.borrowerId());
      }
    }
    if (matches.size() != 1) {
      // none, or (24-bit tokens) two different values with one token: reveal nothing rather than guess
      throw ToolException.notFound("token " + token);
    }
    Map.Entry<String, String> match = matches.entrySet().iterator().next();
    disclosures.record(caller.userId(), conversationId, match.getValue(), token.kind(), token.text());
    return new Revealed(token.kind(), match.getKey(), match.getValue());
  }
}
