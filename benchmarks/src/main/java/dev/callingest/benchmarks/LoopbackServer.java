package dev.callingest.benchmarks;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 responder on 127.0.0.1 that answers every request with the same JSON body. It
 * reads each request whole (headers and {@code Content-Length} body), keeps connections alive and
 * spends nothing else, so that what a benchmark measures is the client. The SDK and its baseline
 * talk to the same instance. (The JDK's HttpServer adds tens of milliseconds of latency on some
 * keep-alive paths; MockWebServer records every request, which grows without bound here.)
 */
final class LoopbackServer implements Closeable {
  private final ServerSocket socket;
  private final ExecutorService connections;
  private final byte[] response;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();

  LoopbackServer(String responseJson) throws IOException {
    byte[] body = responseJson.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    response = new byte[head.length + body.length];
    System.arraycopy(head, 0, response, 0, head.length);
    System.arraycopy(body, 0, response, head.length, body.length);
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    connections =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "loopback-server");
              thread.setDaemon(true);
              return thread;
            });
    connections.execute(this::acceptLoop);
  }

  /** The base URL, such as {@code http://127.0.0.1:40123}. */
  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  long requests() {
    return requests.get();
  }

  long bodyBytes() {
    return bodyBytes.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        connections.execute(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream(), 64 * 1024);
      OutputStream out = connection.getOutputStream();
      byte[] discard = new byte[64 * 1024];
      StringBuilder line = new StringBuilder(128);
      while (true) {
        long contentLength = 0;
        boolean close = false;
        boolean first = true;
        while (true) { // request line and headers
          if (!readLine(in, line)) return;
          if (line.length() == 0) {
            if (first) continue; // tolerate a stray CRLF between requests
            break;
          }
          first = false;
          String header = line.toString().toLowerCase(Locale.ROOT);
          if (header.startsWith("content-length:")) {
            contentLength = Long.parseLong(header.substring(15).trim());
          } else if (header.startsWith("connection:") && header.contains("close")) {
            close = true;
          } else if (header.startsWith("transfer-encoding:")) {
            throw new IOException("chunked request bodies are not supported");
          }
        }
        for (long left = contentLength; left > 0; ) {
          int n = in.read(discard, 0, (int) Math.min(discard.length, left));
          if (n < 0) return;
          left -= n;
        }
        requests.incrementAndGet();
        bodyBytes.addAndGet(contentLength);
        out.write(response);
        out.flush();
        if (close) return;
      }
    } catch (IOException e) {
      // The client went away; nothing to do.
    }
  }

  /** Reads one CRLF-terminated line into {@code line}; false at end of stream. */
  private static boolean readLine(InputStream in, StringBuilder line) throws IOException {
    line.setLength(0);
    while (true) {
      int c = in.read();
      if (c < 0) return false;
      if (c == '\n') {
        int last = line.length() - 1;
        if (last >= 0 && line.charAt(last) == '\r') line.setLength(last);
        return true;
      }
      line.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    connections.shutdownNow();
  }
}
