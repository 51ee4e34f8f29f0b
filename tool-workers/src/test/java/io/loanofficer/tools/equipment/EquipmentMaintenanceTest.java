package io.loanofficer.tools.equipment;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.tools.testing.ToolTestSupport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Forecast year 2027 (as_of 2026 + 1); age = 2027 − purchase year. */
class EquipmentMaintenanceTest extends ToolTestSupport {

  private JsonNode single(String borrower, String equipmentId, int age, String cost, String priority) {
    JsonNode r = ok("forecastEquipmentMaintenance", "{\"borrower_id\":\"" + borrower + "\"}", ANALYST);
    assertThat(r.get("forecast_year").asInt()).isEqualTo(2027);
    assertThat(r.get("items").size()).isEqualTo(1);
    JsonNode item = r.get("items").get(0);
    assertThat(item.get("equipment_id").asString()).isEqualTo(equipmentId);
    assertThat(item.get("age").asInt()).isEqualTo(age);
    assertNumber(item.get("annual_cost"), cost);
    assertThat(item.get("priority").asString()).isEqualTo(priority);
    assertNumber(r.get("total_annual_cost"), cost);
    return item;
  }

  @Test
  void seededEquipment() {
    JsonNode e001 = single("B001", "E001", 8, "12750.00", "medium");   // 0.15 cap * 85000 * 1.0
    assertThat(e001.get("type").asString()).isEqualTo("Tractor");
    assertThat(e001.get("purchase_year").asInt()).isEqualTo(2019);
    assertThat(e001.get("condition").asString()).isEqualTo("Good");
    single("B002", "E002", 10, "21600.00", "medium");  // 0.15 * 120000 * 1.2 (Fair); age 10 is not > 10
    single("B005", "E005", 6, "3600.00", "medium");    // 0.03+0.12 = 0.15 * 30000 * 0.8 (Excellent)
    single("B006", "E006", 11, "15750.00", "high");    // 0.15 * 70000 * 1.5 (Poor)
    single("B007", "E007", 5, "3250.00", "low");       // 0.03+0.10 = 0.13 * 25000; age 5 is not > 5
    single("B009", "E009", 7, "2160.00", "medium");    // 0.15 * 12000 * 1.2
    single("B011", "E011", 15, "13500.00", "high");    // 0.15 * 60000 * 1.5
    single("B012", "E012", 13, "9900.00", "high");     // 0.15 * 55000 * 1.2
  }

  @Test
  void formulaBranches() {
    assertThat(ForecastEquipmentMaintenanceTool.annualCost(2, new BigDecimal("10000"), "Good")).isEqualByComparingTo("700");
    assertThat(ForecastEquipmentMaintenanceTool.annualCost(0, new BigDecimal("10000"), "Excellent")).isEqualByComparingTo("240");
    assertThat(ForecastEquipmentMaintenanceTool.annualCost(4, new BigDecimal("10000"), "Fair")).isEqualByComparingTo("1320");
    assertThat(ForecastEquipmentMaintenanceTool.annualCost(30, new BigDecimal("10000"), "Poor")).isEqualByComparingTo("2250");
    assertThat(ForecastEquipmentMaintenanceTool.annualCost(2, new BigDecimal("10000"), "Unknown")).isEqualByComparingTo("700");
    assertThat(ForecastEquipmentMaintenanceTool.priority(1, "Poor")).isEqualTo("high");
    assertThat(ForecastEquipmentMaintenanceTool.priority(11, "Excellent")).isEqualTo("high");
    assertThat(ForecastEquipmentMaintenanceTool.priority(3, "Fair")).isEqualTo("medium");
    assertThat(ForecastEquipmentMaintenanceTool.priority(6, "Good")).isEqualTo("medium");
    assertThat(ForecastEquipmentMaintenanceTool.priority(5, "Good")).isEqualTo("low");
  }
}
