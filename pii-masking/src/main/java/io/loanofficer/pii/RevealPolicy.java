package io.loanofficer.pii;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which roles may see the real value behind a token. A loan officer phones and writes to the
 * borrowers of their own portfolio, so they may reveal those borrowers' contact data (e-mail, phone,
 * address); nobody reveals tax ids or account numbers through the assistant, and analysts, examiners
 * and admins work on tokens (they need no contact data for analysis or audit). Which borrower's value
 * a user may see is the worker's portfolio entitlement; this is only the role's share.
 *
 * <p>Enforced twice from this one definition: by the gateway before it asks anything, and by the
 * worker, which alone can resolve a token.
 */
public final class RevealPolicy {

  private static final Set<PiiKind> CONTACT = EnumSet.of(PiiKind.EMAIL, PiiKind.PHONE, PiiKind.ADDRESS);

  private RevealPolicy() {}

  /** The kinds a user with these roles may reveal (empty: none). */
  public static Set<PiiKind> revealableBy(Collection<String> roles) {
    return roles.contains("LOAN_OFFICER") ? Set.copyOf(CONTACT) : Set.of();
  }

  public static boolean mayReveal(Collection<String> roles, PiiKind kind) {
    return revealableBy(roles).contains(kind);
  }
}
