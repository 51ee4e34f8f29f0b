package io.loanofficer.tools.loans;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link LoanToolsTest}'s assertions on PostgreSQL. */
@OnPostgres
class LoanToolsPostgresTest extends LoanToolsTest {}
