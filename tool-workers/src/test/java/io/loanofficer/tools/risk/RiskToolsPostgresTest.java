package io.loanofficer.tools.risk;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link RiskToolsTest}'s assertions on PostgreSQL. */
@OnPostgres
class RiskToolsPostgresTest extends RiskToolsTest {}
