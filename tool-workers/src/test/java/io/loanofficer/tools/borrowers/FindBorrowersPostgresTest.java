package io.loanofficer.tools.borrowers;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link FindBorrowersTest}'s assertions on PostgreSQL. */
@OnPostgres
class FindBorrowersPostgresTest extends FindBorrowersTest {}
