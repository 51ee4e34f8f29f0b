package io.loanofficer.gateway.security;

import java.util.Set;

/** The roles of the system (token claim {@code roles}); Spring authorities are {@code ROLE_<name>}. */
public final class Roles {

  public static final String LOAN_OFFICER = "LOAN_OFFICER";
  public static final String CREDIT_ANALYST = "CREDIT_ANALYST";
  public static final String EXAMINER = "EXAMINER";
  public static final String ADMIN = "ADMIN";

  public static final Set<String> ALL = Set.of(LOAN_OFFICER, CREDIT_ANALYST, EXAMINER, ADMIN);
  /** EXAMINER (audit and replay only) is not among them. */
  public static final Set<String> MAY_CHAT = Set.of(LOAN_OFFICER, CREDIT_ANALYST, ADMIN);

  private Roles() {}
}
