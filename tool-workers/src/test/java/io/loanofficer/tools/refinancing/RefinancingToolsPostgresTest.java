package io.loanofficer.tools.refinancing;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link RefinancingToolsTest}'s assertions on PostgreSQL. */
@OnPostgres
class RefinancingToolsPostgresTest extends RefinancingToolsTest {}
