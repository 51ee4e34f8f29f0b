package io.loanofficer.tools.seed;

import io.loanofficer.tools.finance.Amortization;
import io.loanofficer.tools.finance.Money;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fills the lending schema with synthetic data for load tests: N borrowers with 1-3 loans each,
 * payments, collateral and equipment. Deterministic: the same {@link Options} always give the same
 * rows (one seeded {@link Random}, drawn in a fixed order, dates relative to {@code asOf}, not the
 * clock). Ids are numbered from {@code firstNumber} so they do not collide with the sample data
 * (B001...B012). Rows go in with JDBC batch inserts. All contact data is fictitious.
 */
public class SampleDataGenerator {

  private static final String[] FARM_TYPES = {"Crop", "Livestock", "Dairy", "Mixed"};
  private static final String[] LOAN_TYPES = {"Land", "Equipment", "Short-term", "Long-term", "Operating", "Livestock"};
  private static final int[] TERMS = {12, 24, 36, 48, 60, 84, 120};
  private static final String[] COLLATERAL_TYPES = {"Land", "Equipment", "Building", "Livestock"};
  private static final String[] EQUIPMENT_TYPES = {"Tractor", "Combine", "Plow", "Sprayer", "Seeder",
      "Irrigation System", "Milking System"};
  private static final String[] CONDITIONS = {"Excellent", "Good", "Good", "Fair", "Poor"};
  private static final String[] FIRST_NAMES = {"Avery", "Blake", "Casey", "Drew", "Emery", "Finley", "Harper",
      "Jordan", "Kendall", "Logan", "Morgan", "Parker", "Quinn", "Reese", "Rowan", "Sawyer", "Taylor"};
  private static final String[] LAST_NAMES = {"Acres", "Barnes", "Fields", "Grove", "Hill", "Meadows", "Ridge",
      "Rivers", "Stone", "Vale", "Wood", "Brook"};
  private static final int BATCH = 1000;

  /** What to generate. */
  public record Options(int borrowers, long seed, long firstNumber, int officers, LocalDate asOf) {
    public Options {
      if (borrowers < 0 || officers < 1 || firstNumber < 1) {
        throw new IllegalArgumentException("borrowers >= 0, officers >= 1, firstNumber >= 1");
      }
    }

    public static Options of(int borrowers, long seed) {
      return new Options(borrowers, seed, 100_000, Math.max(1, borrowers / 200), LocalDate.of(2026, 11, 25));
    }
  }

  /** Rows written per table. */
  public record Summary(int borrowers, int loans, int payments, int collateral, int equipment) {}

  private final JdbcTemplate jdbc;

  public SampleDataGenerator(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Summary generate(Options options) {
    Random random = new Random(options.seed());
    List<Object[]> borrowers = new ArrayList<>();
    List<Object[]> loans = new ArrayList<>();
    List<Object[]> payments = new ArrayList<>();
    List<Object[]> collateral = new ArrayList<>();
    List<Object[]> equipment = new ArrayList<>();
    long loanNo = options.firstNumber();
    long paymentNo = options.firstNumber();
    long collateralNo = options.firstNumber();
    long equipmentNo = options.firstNumber();
    Summary total = new Summary(0, 0, 0, 0, 0);
    for (int i = 0; i < options.borrowers(); i++) {
      String borrowerId = "B" + (options.firstNumber() + i);
      String first = pick(random, FIRST_NAMES);
      String last = pick(random, LAST_NAMES);
      borrowers.add(new Object[] {borrowerId, first, last, pick(random, FARM_TYPES), 550 + random.nextInt(301),
          BigDecimal.valueOf(30_000 + 1_000L * random.nextInt(171)), 20 + random.nextInt(1981),
          "officer-" + (1 + i % options.officers()),
          "farmer" + (options.firstNumber() + i) + "@example.com",
          "555-" + String.format("%04d", random.nextInt(10_000)),
          (1 + random.nextInt(9_999)) + " County Road " + (1 + random.nextInt(99))});
      int loanCount = 1 + random.nextInt(3);
      for (int l = 0; l < loanCount; l++) {
        String loanId = "L" + loanNo++;
        BigDecimal amount = BigDecimal.valueOf(5_000 + 500L * random.nextInt(291));
        BigDecimal rate = BigDecimal.valueOf(25 + random.nextInt(51), 1);
        int term = TERMS[random.nextInt(TERMS.length)];
        LocalDate start = options.asOf().minusDays(30 + random.nextInt(365 * 7));
        int roll = random.nextInt(100);
        String status = roll < 60 ? "Active" : roll < 70 ? "Pending" : roll < 90 ? "Closed" : "Defaulted";
        loans.add(new Object[] {loanId, borrowerId, amount, rate, term, Date.valueOf(start), status,
            pick(random, LOAN_TYPES)});
        if (!"Pending".equals(status)) {
          BigDecimal payment = Money.cents(Amortization.monthlyPayment(amount, rate, term));
          int due = (int) Math.min(term, Math.min(12, ChronoUnit.MONTHS.between(start, options.asOf())));
          int made = due <= 0 ? 0 : random.nextInt(due + 1);
          for (int p = 1; p <= made; p++) {
            int daysLate = random.nextInt(100) < 85 ? 0 : 1 + random.nextInt(120);
            payments.add(new Object[] {"P" + paymentNo++, loanId, Date.valueOf(start.plusMonths(p).plusDays(daysLate)),
                payment, daysLate > 0 ? "Late" : "On Time", daysLate});
          }
        }
        if (random.nextInt(100) < 70) {
          int items = 1 + random.nextInt(2);
          for (int c = 0; c < items; c++) {
            String type = pick(random, COLLATERAL_TYPES);
            BigDecimal value = BigDecimal.valueOf(amount.longValue() * (50 + random.nextInt(131)) / 100 / items);
            collateral.add(new Object[] {"C" + collateralNo++, loanId, type, type + " pledged for " + loanId, value});
          }
        }
      }
      int equipmentCount = random.nextInt(4);
      for (int e = 0; e < equipmentCount; e++) {
        equipment.add(new Object[] {"E" + equipmentNo++, borrowerId, pick(random, EQUIPMENT_TYPES),
            2000 + random.nextInt(26), BigDecimal.valueOf(5_000 + 1_000L * random.nextInt(196)), pick(random, CONDITIONS)});
      }
      if (borrowers.size() >= BATCH) {
        total = add(total, flush(borrowers, loans, payments, collateral, equipment));
      }
    }
    return add(total, flush(borrowers, loans, payments, collateral, equipment));
  }

  private Summary flush(List<Object[]> borrowers, List<Object[]> loans, List<Object[]> payments,
      List<Object[]> collateral, List<Object[]> equipment) {
    Summary s = new Summary(borrowers.size(), loans.size(), payments.size(), collateral.size(), equipment.size());
    insert("INSERT INTO borrower (borrower_id, first_name, last_name, farm_type, credit_score, income, farm_size, "
        + "officer_id, email, phone, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", borrowers);
    insert("INSERT INTO loan (loan_id, borrower_id, loan_amount, interest_rate, term_months, start_date, status, "
        + "loan_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", loans);
    insert("INSERT INTO payment (payment_id, loan_id, payment_date, amount, status, days_late) VALUES (?, ?, ?, ?, ?, ?)",
        payments);
    insert("INSERT INTO collateral (collateral_id, loan_id, type, description, \"value\") VALUES (?, ?, ?, ?, ?)",
        collateral);
    insert("INSERT INTO equipment (equipment_id, borrower_id, type, purchase_year, purchase_price, condition) "
        + "VALUES (?, ?, ?, ?, ?, ?)", equipment);
    return s;
  }

  private void insert(String sql, List<Object[]> rows) {
    for (int from = 0; from < rows.size(); from += BATCH) {
      jdbc.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + BATCH)));
    }
    rows.clear();
  }

  private static Summary add(Summary a, Summary b) {
    return new Summary(a.borrowers() + b.borrowers(), a.loans() + b.loans(), a.payments() + b.payments(),
        a.collateral() + b.collateral(), a.equipment() + b.equipment());
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
