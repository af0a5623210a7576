package dev.callingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;

/**
 * An HTTP server on a real socket that reads each request whole and never answers: it then reads on
 * until the client closes the connection, so a test can see that a cancel really closed the socket
 * (not merely that the client stopped waiting). One connection at a time.
 */
public final class HoldingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread acceptor;
  private final CountDownLatch received = new CountDownLatch(1);
  private final CountDownLatch closedByClient = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String lastRequestLine = "";

  public HoldingServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "holding-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public HttpUrl url(String path) {
    return new HttpUrl.Builder()
        .scheme("http")
        .host(socket.getInetAddress().getHostAddress())
        .port(socket.getLocalPort())
        .encodedPath(path)
        .build();
  }

  /** Waits until a request was read whole (its body included). */
  public boolean awaitRequest(long timeout, TimeUnit unit) throws InterruptedException {
    return received.await(timeout, unit);
  }

  /** Waits until the client closed the connection the held request came on. */
  public boolean awaitClosedByClient(long timeout, TimeUnit unit) throws InterruptedException {
    return closedByClient.await(timeout, unit);
  }

  public int requestCount() {
    return requests.get();
  }

  public String lastRequestLine() {
    return lastRequestLine;
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        connection.setSoTimeout(60_000);
        InputStream in = connection.getInputStream();
        String head = readHead(in);
        lastRequestLine = head.substring(0, Math.max(0, head.indexOf('\r')));
        long length = contentLength(head);
        for (long i = 0; i < length; i++) {
          if (in.read() < 0) break;
        }
        requests.incrementAndGet();
        received.countDown();
        try {
          // Never answer; a read of -1 (or a reset) is the client closing its end.
          while (in.read() >= 0) {
            // discard
          }
          closedByClient.countDown();
        } catch (SocketTimeoutException e) {
          // the client held on for a minute: not closed
        } catch (IOException e) {
          closedByClient.countDown();
        }
      } catch (IOException e) {
        // accept ended by close(), or a broken request: nothing to record
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) return Long.parseLong(line.substring(15).trim());
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
