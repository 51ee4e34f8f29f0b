package io.loanofficer.tools.pii;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link PiiRevealerTest}'s assertions on PostgreSQL (its pii_disclosure migration included). */
@OnPostgres
class PiiRevealerPostgresTest extends PiiRevealerTest {}
