package io.loanofficer.tools.crops;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link CropYieldRiskTest}'s assertions on PostgreSQL. */
@OnPostgres
class CropYieldRiskPostgresTest extends CropYieldRiskTest {}
