package io.loanofficer.infra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP link to a server that delivers every byte a fixed time after it was sent, both ways: a
 * database "elsewhere" (another host, another zone) for a benchmark on one machine, where the real
 * one would answer in microseconds. Bandwidth is not limited and order is kept: each direction reads
 * into a queue stamped with its due time and a second thread writes each chunk when it is due.
 */
final class DelayedLink implements AutoCloseable {

  private record Chunk(byte[] bytes, long dueNanos) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final List<Socket> sockets = new ArrayList<>();

  DelayedLink(InetSocketAddress target, Duration oneWay) throws IOException {
    this.target = target;
    this.delayNanos = oneWay.toNanos();
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "delayed-link-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(server);
        }
        forward(client, server);
        forward(server, client);
      } catch (IOException closedOrRefused) {
        // the listener closed, or the server refused one connection: the client sees its socket close
      }
    }
  }

  private void forward(Socket from, Socket to) throws IOException {
    BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    daemon("delayed-link-read", () -> {
      byte[] buffer = new byte[64 * 1024];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          inFlight.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
        }
      } catch (IOException closed) {
        // the end of the connection, either side
      }
      inFlight.add(END);
    });
    daemon("delayed-link-write", () -> {
      try {
        for (Chunk chunk; (chunk = inFlight.take()) != END; ) {
          for (long wait; (wait = chunk.dueNanos() - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException | InterruptedException closed) {
        // the other side went away
      }
      closeQuietly(from);
      closeQuietly(to);
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (sockets) {
      sockets.forEach(DelayedLink::closeQuietly);
    }
  }
}
