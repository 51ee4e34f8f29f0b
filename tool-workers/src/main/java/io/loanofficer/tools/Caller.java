package io.loanofficer.tools;

import java.util.Set;

/** The identity a tool call runs under; entitlements are checked against it in the worker itself. */
public record Caller(String userId, Set<String> roles, String officerId) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** CREDIT_ANALYST and ADMIN see every borrower; a LOAN_OFFICER only their portfolio. */
  public boolean seesAllBorrowers() {
    return roles.contains("CREDIT_ANALYST") || roles.contains("ADMIN");
  }

  public boolean mayUseTools() {
    return seesAllBorrowers() || roles.contains("LOAN_OFFICER");
  }
}
