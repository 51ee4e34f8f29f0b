package io.loanofficer.tools.equipment;

import io.loanofficer.tools.testing.OnPostgres;

/** {@link EquipmentMaintenanceTest}'s assertions on PostgreSQL. */
@OnPostgres
class EquipmentMaintenancePostgresTest extends EquipmentMaintenanceTest {}
