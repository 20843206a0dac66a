package io.shardwise.it.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder the test starts and stops: a node URL pointing at it goes unreachable
 * when it stops (listener and every open connection closed) and comes back when it starts again on
 * the same port, without touching the database server behind it.
 */
final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;
  private int port;

  TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  /** Starts listening: on a free port the first time, on the same port after a stop. */
  synchronized TcpProxy start() throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    port = server.getLocalPort();
    listener = server;
    Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  int port() {
    return port;
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // Listener closed by stop(), or the target refused: the client sees a closed socket.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed: close both below.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes the listener and every forwarded connection: the port refuses connections. */
  synchronized void stop() {
    ServerSocket server = listener;
    listener = null;
    if (server != null) {
      closeQuietly(server);
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    stop();
  }
}
