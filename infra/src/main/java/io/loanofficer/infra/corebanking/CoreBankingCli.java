package io.loanofficer.infra.corebanking;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * infra/core-banking.sh: {@code late-payment LOAN_ID DAYS_LATE | status LOAN_ID STATUS |
 * revalue COLLATERAL_ID VALUE | credit-score BORROWER_ID SCORE}. The database is LENDING_DB_URL
 * (default: the local PostgreSQL, {@value #DEFAULT_URL}), LENDING_DB_USER, LENDING_DB_PASSWORD.
 * Exit 0 written, 2 bad arguments (nothing written), 1 the database failed.
 */
public final class CoreBankingCli {

  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/lending";
  static final String USAGE = """
      usage: core-banking.sh late-payment LOAN_ID DAYS_LATE   (a payment of the loan today, 1-365 days late)
             core-banking.sh status LOAN_ID STATUS            (Active, Pending, Closed, Defaulted)
             core-banking.sh revalue COLLATERAL_ID VALUE      (new appraised value, > 0)
             core-banking.sh credit-score BORROWER_ID SCORE   (300-850)""";

  private CoreBankingCli() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String url = env.getOrDefault("LENDING_DB_URL", DEFAULT_URL);
    String user = env.getOrDefault("LENDING_DB_USER", "postgres");
    String password = env.getOrDefault("LENDING_DB_PASSWORD", "");
    CoreBanking bank = new CoreBanking(() -> {
      try {
        return DriverManager.getConnection(url, user, password);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
      }
    }, Clock.systemDefaultZone());
    System.exit(run(bank, args));
  }

  /** Runs one command; returns the exit code (messages on stdout/stderr). */
  public static int run(CoreBanking bank, String... args) {
    try {
      System.out.println(execute(bank, args));
      return 0;
    } catch (InvalidCommand e) {
      System.err.println("core-banking: " + e.getMessage() + "; nothing written");
      System.err.println(USAGE);
      return 2;
    } catch (SQLException | RuntimeException e) {
      System.err.println("core-banking: the database failed: " + e.getMessage());
      return 1;
    }
  }

  static String execute(CoreBanking bank, String... args) throws InvalidCommand, SQLException {
    if (args.length == 0) {
      throw new InvalidCommand("no command");
    }
    if (!List.of("late-payment", "status", "revalue", "credit-score").contains(args[0])) {
      throw new InvalidCommand("unknown command '" + args[0] + "'");
    }
    if (args.length != 3) {
      throw new InvalidCommand("'" + args[0] + "' takes two arguments, got " + (args.length - 1));
    }
    String id = args[1];
    return switch (args[0]) {
      case "late-payment" -> {
        String paymentId = bank.latePayment(id, integer("DAYS_LATE", args[2]));
        yield "payment " + paymentId + " of loan " + id + " recorded " + args[2] + " days late";
      }
      case "status" -> {
        bank.status(id, args[2]);
        yield "loan " + id + " is now " + args[2];
      }
      case "revalue" -> {
        bank.revalue(id, amount(args[2]));
        yield "collateral " + id + " revalued to " + args[2];
      }
      case "credit-score" -> {
        bank.creditScore(id, integer("SCORE", args[2]));
        yield "borrower " + id + " credit score set to " + args[2];
      }
      default -> throw new InvalidCommand("unknown command '" + args[0] + "'");
    };
  }

  private static int integer(String name, String text) throws InvalidCommand {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidCommand(name + " must be a whole number, got '" + text + "'");
    }
  }

  private static BigDecimal amount(String text) throws InvalidCommand {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidCommand("VALUE must be an amount such as 42000 or 42000.50, got '" + text + "'");
    }
  }
}
