package io.loanofficer.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayedLinkTest {

  /** Echoes every byte of one connection back. */
  private static Thread echo(ServerSocket server) {
    Thread thread = new Thread(() -> {
      try (Socket socket = server.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException ended) {
        // the test closed the link
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Test
  void everyByteArrivesInOrderAndNoSoonerThanTheDelayEachWay() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        DelayedLink link = new DelayedLink(new InetSocketAddress("127.0.0.1", server.getLocalPort()), Duration.ofMillis(40))) {
      echo(server);
      byte[] sent = new byte[300_000];
      new Random(7).nextBytes(sent);
      try (Socket client = new Socket("127.0.0.1", link.port())) {
        DataInputStream in = new DataInputStream(client.getInputStream());
        // one small request and its answer: one round trip, two delays
        long start = System.nanoTime();
        client.getOutputStream().write(sent, 0, 1);
        assertThat(in.readByte()).isEqualTo(sent[0]);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        // the rest, written in pieces while earlier ones are still on their way: all of it, in order
        for (int from = 1; from < sent.length; from += 7_000) {
          client.getOutputStream().write(sent, from, Math.min(7_000, sent.length - from));
        }
        byte[] received = new byte[sent.length - 1];
        in.readFully(received);
        assertThat(received).isEqualTo(java.util.Arrays.copyOfRange(sent, 1, sent.length));
      }
    }
  }
}
