package io.loanofficer.tools.market;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link MarketPriceImpactTest}'s assertions on PostgreSQL. */
@OnPostgres
class MarketPriceImpactPostgresTest extends MarketPriceImpactTest {}
