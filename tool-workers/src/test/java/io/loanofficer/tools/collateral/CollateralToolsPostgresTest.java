package io.loanofficer.tools.collateral;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link CollateralToolsTest}'s assertions on PostgreSQL. */
@OnPostgres
class CollateralToolsPostgresTest extends CollateralToolsTest {}
