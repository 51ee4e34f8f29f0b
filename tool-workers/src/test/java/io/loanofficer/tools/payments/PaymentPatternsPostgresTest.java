package io.loanofficer.tools.payments;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link PaymentPatternsTest}'s assertions on PostgreSQL. */
@OnPostgres
class PaymentPatternsPostgresTest extends PaymentPatternsTest {}
