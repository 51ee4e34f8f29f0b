package io.loanofficer.tools.access;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link ValidationAndEntitlementTest}'s assertions on PostgreSQL. */
@OnPostgres
class ValidationAndEntitlementPostgresTest extends ValidationAndEntitlementTest {}
