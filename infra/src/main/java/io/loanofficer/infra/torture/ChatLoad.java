package io.loanofficer.infra.torture;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.chatclient.DevTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Closed-loop chat load over WebSocket, as officers and analysts would send it: each conversation
 * asks, waits for the final frame, asks a follow-up, now and then sends a frame that is not valid.
 * When its gateway dies it reconnects to another one and resumes the conversation, collecting the
 * reply of a turn that was in flight from the history or from the live frames; a question whose
 * {@code accepted} frame had not come yet is resent ({@code "resend": true}), which the gateway makes
 * one turn whether or not it was accepted before. Every loop is bounded
 * by {@link #stop}, and all traffic goes to the given loopback ports.
 */
public final class ChatLoad {

  /** A user of the load: who, and the questions they ask in turn (follow-ups rely on the order). */
  record Persona(String userId, String role, List<String> questions) {}

  /**
   * One question: which load client asked it (its thread, which keeps its conversation), its
   * conversation, clientMessageId (unique in the run) and turnId (null when no {@code accepted} frame
   * came), the gateways it went through ({@code gateway-2>gateway-1} after a reconnect), when it was
   * sent and finally answered (nanoTime), and how it ended: {@code answer}, {@code error:CODE} (a final
   * error frame), {@code refused:CODE} (not accepted), or {@code lost} (no final frame within the turn
   * timeout, reconnects included).
   */
  public record TurnResult(int client, String conversationId, String clientMessageId, String turnId, String gateways,
      long sentNanos, long endedNanos, String outcome) {

    /** A turn measured without the load's details (benchmarks). */
    public TurnResult(String conversationId, String turnId, long sentNanos, long endedNanos, String outcome) {
      this(-1, conversationId, null, turnId, null, sentNanos, endedNanos, outcome);
    }

    public double latencyMillis() {
      return (endedNanos - sentNanos) / 1e6;
    }
  }

  static final List<Persona> PERSONAS = List.of(
      new Persona("officer-1", "LOAN_OFFICER", List.of(
          "Is the collateral sufficient for loan L002?",
          "What's the status of loan L001?",
          "Show me all loans for borrower B001",
          "What's the default risk for this borrower?",
          "Show me details for borrower B002",
          "What refinancing options are there for loan L003?",
          "Show me the payment history for loan L001")),
      new Persona("analyst-1", "CREDIT_ANALYST", List.of(
          "Which farmers are at high risk?",
          "How would a 10% corn price drop hit our portfolio?",
          "Give me a summary of our loan portfolio",
          "Show me all active loans",
          "What's the non-accrual risk for borrower B003?")));

  private final List<URI> gateways;
  private final int conversations;
  private final Duration turnTimeout;
  private final List<TurnResult> results = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong badFrames = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final boolean clumsy;
  private ExecutorService pool;

  ChatLoad(List<Integer> gatewayPorts, int conversations, Duration turnTimeout) {
    this(gatewayPorts, conversations, turnTimeout, true);
  }

  /** @param clumsy whether every 11th question is preceded by a frame that is not valid (off for benchmarks) */
  public ChatLoad(List<Integer> gatewayPorts, int conversations, Duration turnTimeout, boolean clumsy) {
    this.gateways = gatewayPorts.stream().map(p -> URI.create("http://127.0.0.1:" + p)).toList();
    this.conversations = conversations;
    this.turnTimeout = turnTimeout;
    this.clumsy = clumsy;
  }

  public void start() {
    running.set(true);
    pool = Executors.newFixedThreadPool(conversations, r -> {
      Thread thread = new Thread(r, "chat-load");
      thread.setDaemon(true);
      return thread;
    });
    for (int i = 0; i < conversations; i++) {
      int index = i;
      pool.execute(() -> converse(index));
    }
  }

  /** Stops asking; questions in flight get up to {@code drain} to end. */
  public void stop(Duration drain) throws InterruptedException {
    running.set(false);
    pool.shutdown();
    if (!pool.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
    }
  }

  public List<TurnResult> results() {
    synchronized (results) {
      return List.copyOf(results);
    }
  }

  long badFrames() {
    return badFrames.get();
  }

  long reconnects() {
    return reconnects.get();
  }

  private void converse(int index) {
    Persona persona = PERSONAS.get(index % PERSONAS.size());
    int gateway = index % gateways.size();
    String conversationId = null;
    int asked = 0;
    int sent = 0;
    ChatSocket socket = null;
    try {
      while (running.get()) {
        if (socket == null || !socket.isOpen()) {
          socket = connect(persona, gateway);
          if (socket == null) {
            gateway = (gateway + 1) % gateways.size();
            Thread.sleep(250);
            continue;
          }
        }
        if (clumsy && asked % 11 == 10) {
          socket.sendRaw("{\"type\":\"user_message\",\"text\":42}"); // a clumsy client: typed error, nothing lost
          badFrames.incrementAndGet();
          awaitAny(socket, Duration.ofSeconds(5));
        }
        String question = persona.questions().get(asked % persona.questions().size());
        asked++;
        Asked result = ask(index, "load-" + index + "-" + (++sent), socket, conversationId, question, persona, gateway);
        socket = result.socket();
        gateway = result.gateway();
        if (result.turn() != null) {
          results.add(result.turn());
          if (result.turn().outcome().startsWith("refused")) {
            Thread.sleep(1000); // as a user would wait before asking again
          }
          if (result.turn().conversationId() != null) {
            conversationId = result.turn().conversationId();
          }
          if (result.turn().outcome().equals("lost")) {
            socket.close(); // a socket that carried no final frame is not trusted again: reconnect, as a user would
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  private record Asked(TurnResult turn, ChatSocket socket, int gateway) {}

  private Asked ask(int client, String clientMessageId, ChatSocket socket, String conversationId, String question,
      Persona persona, int gateway) throws InterruptedException {
    long sent = System.nanoTime();
    long deadline = sent + turnTimeout.toNanos();
    try {
      socket.ask(conversationId, question, clientMessageId);
    } catch (RuntimeException closed) {
      return new Asked(null, socket, gateway);
    }
    String turnId = null;
    String conversation = conversationId;
    StringBuilder path = new StringBuilder(gatewayName(gateway));
    while (System.nanoTime() < deadline) {
      if (!socket.isOpen()) {
        if (turnId == null && conversation == null) {
          return new Asked(null, socket, gateway); // a first question, not known to be accepted: ask again elsewhere
        }
        reconnects.incrementAndGet();
        gateway = (gateway + 1) % gateways.size();
        path.append('>').append(gatewayName(gateway));
        ChatSocket resumed = connect(persona, gateway);
        if (resumed == null) {
          Thread.sleep(250);
          continue;
        }
        socket = resumed;
        if (turnId == null) {
          socket.resend(conversation, question, clientMessageId); // accepted or not, it becomes one turn
        } else {
          socket.resume(conversation);
        }
        continue;
      }
      JsonNode frame = poll(socket);
      if (frame == null) {
        continue;
      }
      String type = frame.path("type").asString("");
      if (type.equals("history")) {
        if (turnId == null) {
          continue; // the history a new connection opens with, before this question was accepted
        }
        for (JsonNode message : frame.path("messages")) {
          if (turnId.equals(message.path("turnId").asString(null)) && !message.path("type").asString("").equals("user_message")) {
            return new Asked(ended(client, conversation, clientMessageId, turnId, path, sent, message), socket, gateway);
          }
        }
        continue;
      }
      if (turnId == null && clientMessageId.equals(frame.path("clientMessageId").asString(null))) {
        if (type.equals("accepted")) {
          turnId = frame.path("turnId").asString();
          conversation = frame.path("conversationId").asString();
          continue;
        }
        if (frame.hasNonNull("turnId") && !type.equals("progress")) {
          // a resent question's final frame, come live before the gateway's answer to the resend
          return new Asked(ended(client, conversation, clientMessageId, frame.path("turnId").asString(), path, sent,
              frame), socket, gateway);
        }
        if (type.equals("error")) {
          return new Asked(new TurnResult(client, conversation, clientMessageId, null, path.toString(), sent,
              System.nanoTime(), "refused:" + frame.path("code").asString("?")), socket, gateway);
        }
      }
      if (turnId != null && turnId.equals(frame.path("turnId").asString(null)) && !type.equals("progress")) {
        return new Asked(ended(client, conversation, clientMessageId, turnId, path, sent, frame), socket, gateway);
      }
    }
    return new Asked(new TurnResult(client, conversation, clientMessageId, turnId, path.toString(), sent,
        System.nanoTime(), "lost"), socket, gateway);
  }

  private static TurnResult ended(int client, String conversationId, String clientMessageId, String turnId,
      CharSequence gateways, long sent, JsonNode frame) {
    String type = frame.path("type").asString("");
    String outcome = type.equals("assistant_message") ? "answer" : "error:" + frame.path("code").asString("?");
    return new TurnResult(client, conversationId, clientMessageId, turnId, gateways.toString(), sent, System.nanoTime(),
        outcome);
  }

  /** The gateway's name in the fault runs (gateway-1, gateway-2 in the order of the ports given). */
  private static String gatewayName(int gateway) {
    return "gateway-" + (gateway + 1);
  }

  private ChatSocket connect(Persona persona, int gateway) {
    try {
      URI base = gateways.get(gateway);
      String token = DevTokens.fetch(base, persona.userId(), persona.role());
      return ChatSocket.connect(base, token, ChatSocket.LOCAL_ORIGIN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception | AssertionError unavailable) {
      return null;
    }
  }

  private static JsonNode poll(ChatSocket socket) throws InterruptedException {
    try {
      return socket.next(Duration.ofMillis(250));
    } catch (AssertionError nothingYet) {
      return null;
    }
  }

  private static void awaitAny(ChatSocket socket, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && socket.isOpen()) {
      if (poll(socket) != null) {
        return;
      }
    }
  }
}
