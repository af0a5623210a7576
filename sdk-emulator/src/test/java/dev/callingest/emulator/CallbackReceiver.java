package dev.callingest.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A JDK HttpServer on loopback that records callbacks and answers them with scripted statuses. */
final class CallbackReceiver implements AutoCloseable {
  /** One received callback. */
  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Deque<Integer> script = new ArrayDeque<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  CallbackReceiver(Integer... statuses) throws IOException {
    script.addAll(List.of(statuses));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  Map.copyOf(exchange.getRequestHeaders()),
                  exchange.getRequestBody().readAllBytes()));
          Integer status;
          synchronized (script) {
            status = script.isEmpty() ? 200 : script.poll();
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
