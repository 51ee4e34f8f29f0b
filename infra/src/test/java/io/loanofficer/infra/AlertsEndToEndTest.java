package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.infra.corebanking.CoreBanking;
import io.loanofficer.tools.testing.PostgresCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Proactive alerts end to end (ADR 0016) on real parts: PostgreSQL (wal_level=logical, the lending
 * migrations and seed) written by core banking, the change capture, a real KRaft broker, a tool worker
 * on that database running the alert rules, the orchestrator recording each alert on its officer's
 * audit chain, a gateway, and WebSocket clients. Each alert is asserted with its exact text, computed by
 * hand. The absence of an alert is shown by order: the change that must raise nothing is committed
 * before one that must raise an alert on the same row (same partition of lending.changes), and the next
 * alert frame must be the latter. The tests share one system and run in order.
 */
@ExtendWith(PostgresCluster.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsEndToEndTest {

  /** A database of its own in the JVM's cluster: the capture tests use "lending" and its slot. */
  private static final String DATABASE = "alerts_e2e";
  private static final Clock BANK_CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
  private static final Duration WAIT = CapturedSystem.WAIT;

  private CapturedSystem stack;
  private RunningSystem system;
  private CoreBanking bank;
  private ChatSocket officer1;
  private ChatSocket officer2;
  private ChatSocket analyst;
  private final EventSerde serde = new EventSerde();

  @BeforeAll
  void start() throws Exception {
    stack = CapturedSystem.start(DATABASE);
    system = stack.system;
    bank = stack.bank(BANK_CLOCK);
    officer1 = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"));
    officer2 = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-2", "LOAN_OFFICER"));
    analyst = ChatSocket.connect(system.gatewayPort(0), system.devToken("analyst-1", "CREDIT_ANALYST"));
    analyst.send(Map.of("type", "subscribe_alerts"));
    assertThat(analyst.next(WAIT).path("type").asString()).isEqualTo("alerts_subscribed");
  }

  @AfterAll
  void stop() throws Exception {
    for (ChatSocket socket : new ChatSocket[] {officer1, officer2, analyst}) {
      if (socket != null) {
        socket.close();
      }
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void aLatePaymentReachesOfficer1AndTheAnalystWithItsFiguresAndIsAuditedOnTheChain() throws Exception {
    String paymentId = bank.latePayment("L001", 45);

    JsonNode alert = nextAlert(officer1);
    assertThat(paymentId).isEqualTo("P029");
    assertThat(alert.path("rule").asString()).isEqualTo("PAYMENT_LATE");
    assertThat(alert.path("borrowerId").asString()).isEqualTo("B001");
    assertThat(alert.path("loanId").asString()).isEqualTo("L001");
    // the amortised monthly payment of L001 (50,000 at 3.5 % over 60 months): 909.59
    assertThat(alert.path("text").asString())
        .isEqualTo("Payment P029 of loan L001 (borrower B001) is 45 days late (amount 909.59): 30 or more days late.");
    assertThat(alert.path("traceId").asString()).hasSize(32).isEqualTo(alert.path("alertId").asString().replace("-", ""));
    assertThat(Instant.parse(alert.path("at").asString())).isAfter(Instant.now().minusSeconds(60));
    assertThat(nextAlert(analyst).path("alertId").asString()).isEqualTo(alert.path("alertId").asString());

    AuditLog chain = chain("alerts-officer-1");
    assertThat(chain.verify().verified()).isTrue();
    assertThat(chain.records()).hasSize(1);
    AuditRecord record = chain.records().get(0);
    assertThat(record.getType()).isEqualTo("AlertRaised");
    assertThat(record.getEventId()).isEqualTo(alert.path("alertId").asString());
    AlertRaised recorded = serde.decode(record.getPayload().array(), AlertRaised.class);
    assertThat(recorded.getFigures()).containsExactlyInAnyOrderEntriesOf(Map.of("days_late", "45",
        "threshold_days", "30", "amount", "909.59", "payment_date", "2026-12-01"));
    assertThat(recorded.getChangeKey()).isEqualTo("payment/P029");
  }

  @Test
  @Order(2)
  void officer2GetsOnlyTheAlertOfTheirOwnBorrower() throws Exception {
    // B006 is officer-2's: 690 -> 630 is a fall of 60. Officer-2's first alert frame must be this one,
    // not officer-1's late payment of test 1.
    bank.creditScore("B006", 630);

    JsonNode alert = nextAlert(officer2);
    assertThat(alert.path("rule").asString()).isEqualTo("CREDIT_DROP");
    assertThat(alert.path("borrowerId").asString()).isEqualTo("B006");
    assertThat(alert.path("loanId").isNull() || alert.path("loanId").isMissingNode()).isTrue();
    assertThat(alert.path("text").asString())
        .isEqualTo("Credit score of borrower B006 fell by 60 points, from 690 to 630: a fall of 50 or more.");
    assertThat(nextAlert(analyst).path("alertId").asString()).isEqualTo(alert.path("alertId").asString());
  }

  @Test
  @Order(3)
  void aChangeToAnUnrelatedColumnRaisesNothingAndACreditFallOf50Does() throws Exception {
    execute("UPDATE borrower SET farm_size = 510 WHERE borrower_id = 'B001'");
    bank.creditScore("B001", 720); // 750 -> 720: a fall of 30, below 50: nothing
    bank.creditScore("B001", 670); // 720 -> 670: exactly 50

    JsonNode alert = nextAlert(officer1);
    assertThat(alert.path("rule").asString()).isEqualTo("CREDIT_DROP");
    assertThat(alert.path("text").asString())
        .isEqualTo("Credit score of borrower B001 fell by 50 points, from 720 to 670: a fall of 50 or more.");
    assertThat(nextAlert(analyst).path("alertId").asString()).isEqualTo(alert.path("alertId").asString());
  }

  @Test
  @Order(4)
  void aRevaluationThatTakesTheLtvToOrAbove080RaisesAnLtvBreachWithItsFigures() throws Exception {
    // L001: 50,000 against C001 alone. 75,000 -> 70,000: LTV 0.71, still sufficient; 70,000 -> 60,000:
    // 50,000 / 60,000 = 0.8333 -> 0.83, from 50,000 / 70,000 = 0.7143 -> 0.71
    bank.revalue("C001", new BigDecimal("70000"));
    bank.revalue("C001", new BigDecimal("60000"));

    JsonNode alert = nextAlert(officer1);
    assertThat(alert.path("rule").asString()).isEqualTo("LTV_BREACH");
    assertThat(alert.path("loanId").asString()).isEqualTo("L001");
    assertThat(alert.path("text").asString()).isEqualTo("Collateral C001 of loan L001 (borrower B001) was revalued"
        + " from 70000.00 to 60000.00: LTV 0.71 -> 0.83 (loan 50000.00 / collateral 60000.00), at or above 0.80.");
    assertThat(nextAlert(analyst).path("alertId").asString()).isEqualTo(alert.path("alertId").asString());
  }

  @Test
  @Order(5)
  void aLoanTurningDefaultedRaisesAnAlertOnceAndOnlyOnTheTurn() throws Exception {
    bank.status("L002", "Defaulted");
    bank.status("L002", "Defaulted"); // no change of status: nothing
    bank.latePayment("L001", 12);     // 12 days: below 30, nothing
    bank.latePayment("L001", 30);     // P031, exactly 30

    JsonNode defaulted = nextAlert(officer1);
    assertThat(defaulted.path("rule").asString()).isEqualTo("LOAN_DEFAULTED");
    assertThat(defaulted.path("text").asString())
        .isEqualTo("Loan L002 of borrower B002 turned Defaulted (was Active); loan amount 30000.00.");
    JsonNode late = nextAlert(officer1);
    assertThat(late.path("text").asString())
        .isEqualTo("Payment P031 of loan L001 (borrower B001) is 30 days late (amount 909.59): 30 or more days late.");
    nextAlert(analyst);
    nextAlert(analyst);
  }

  @Test
  @Order(6)
  void aRestartOfTheCaptureNeitherDuplicatesNorLosesAnAlertAndTheOfflineOfficerGetsItOnConnect() throws Exception {
    Instant lastSeen = Instant.parse(nextListed(officer1, null).path("at").asString());
    officer1.close();
    stack.stopCapture();
    bank.latePayment("L005", 31); // P032, while the capture is down and officer-1 is offline
    stack.startCapture();

    JsonNode live = nextAlert(analyst);
    // L005: 25,000 at 3.2 % over 36 months, M = 729.24
    assertThat(live.path("text").asString())
        .isEqualTo("Payment P032 of loan L005 (borrower B005) is 31 days late (amount 729.24): 30 or more days late.");
    officer1 = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"));
    officer1.send(Map.of("type", "list_alerts", "since", lastSeen.toString()));
    JsonNode listed = nextOfType(officer1, "alerts");
    assertThat(listed.path("alerts").size()).isEqualTo(1);
    assertThat(listed.path("alerts").get(0).path("alertId").asString()).isEqualTo(live.path("alertId").asString());

    // every alert once on the chain: P029, B001, C001, L002, P031, P032
    List<AlertRaised> alerts = alerts("alerts-officer-1");
    assertThat(alerts).extracting(AlertRaised::getChangeKey).containsExactly("payment/P029", "borrower/B001",
        "collateral/C001", "loan/L002", "payment/P031", "payment/P032");
    assertThat(alerts("alerts-officer-2")).extracting(AlertRaised::getChangeKey).containsExactly("borrower/B006");
  }

  @Test
  @Order(7)
  void anAlertHandedOverAgainIsDroppedByItsPositionAndTheFeedReachesTheSiem() throws Exception {
    AlertRaised repeat = alerts("alerts-officer-1").get(0);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(), new EventSerde())) {
      producer.send(new ProducerRecord<>(Topic.LENDING_ALERTS.topicName(), "alerts-officer-1", repeat)).get();
    }
    bank.creditScore("B002", 650); // 720 -> 650: 70 points, after the repeat on the same chain

    JsonNode next = nextAlert(officer1);
    assertThat(next.path("text").asString())
        .isEqualTo("Credit score of borrower B002 fell by 70 points, from 720 to 650: a fall of 50 or more.");
    assertThat(alerts("alerts-officer-1")).hasSize(7);
    assertThat(chain("alerts-officer-1").verify().verified()).isTrue();

    SiemFeed.Check siem = SiemFeed.check(system.bootstrapServers(), WAIT);
    assertThat(siem.documents().keySet()).containsAll(siem.auditKeys());
    assertThat(siem.report().violations()).isEmpty();
    JsonNode first = siem.documents().get("alerts-officer-1/1");
    assertThat(first.path("event").path("kind").asString()).isEqualTo("alert");
    assertThat(first.path("event").path("reason").asString()).isEqualTo("PAYMENT_LATE");
    assertThat(first.path("loanofficer").path("alert").path("figures").path("days_late").asString()).isEqualTo("45");
    assertThat(first.path("message").asString()).startsWith("Payment P029 of loan L001");
  }

  @Test
  @Order(8)
  void officersCannotSubscribeToEveryAlertAndAnalystsHaveNoListOfTheirOwn() throws Exception {
    officer2.send(Map.of("type", "subscribe_alerts", "clientMessageId", "s-1"));
    JsonNode refused = nextOfType(officer2, "error");
    assertThat(refused.path("code").asString()).isEqualTo("FORBIDDEN");
    assertThat(refused.path("clientMessageId").asString()).isEqualTo("s-1");
    analyst.send(Map.of("type", "list_alerts", "clientMessageId", "l-1"));
    assertThat(nextOfType(analyst, "error").path("code").asString()).isEqualTo("FORBIDDEN");
    // officer-2's own list holds their one alert, none of officer-1's
    officer2.send(Map.of("type", "list_alerts"));
    JsonNode listed = nextOfType(officer2, "alerts").path("alerts");
    assertThat(listed.size()).isEqualTo(1);
    assertThat(listed.get(0).path("borrowerId").asString()).isEqualTo("B006");
  }

  /** The next alert frame on the socket (other frames are skipped). */
  private static JsonNode nextAlert(ChatSocket socket) throws InterruptedException {
    return nextOfType(socket, "alert");
  }

  private static JsonNode nextOfType(ChatSocket socket, String type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode frame = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (type.equals(frame.path("type").asString())) {
        return frame;
      }
    }
  }

  /** The newest alert listed for the socket's officer (list_alerts). */
  private static JsonNode nextListed(ChatSocket socket, String since) throws InterruptedException {
    socket.send(since == null ? Map.of("type", "list_alerts") : Map.of("type", "list_alerts", "since", since));
    JsonNode alerts = nextOfType(socket, "alerts").path("alerts");
    return alerts.get(alerts.size() - 1);
  }

  private AuditLog chain(String chainId) {
    try (AuditLogReader reader = AuditLogReader.forBootstrap(system.bootstrapServers())) {
      return reader.read(chainId);
    }
  }

  private List<AlertRaised> alerts(String chainId) {
    return chain(chainId).records().stream().filter(r -> r.getType().equals("AlertRaised"))
        .map(r -> serde.decode(r.getPayload().array(), AlertRaised.class)).toList();
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = stack.connection(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
