package dev.callingest.examples.quickstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.callingest.analysis.CallAnalysis;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A callback endpoint on the JDK's {@code HttpServer}: the thin adapter of docs/callbacks.md over a
 * {@link CallbackReceiver}, listening on the loopback interface. It keeps every accepted analysis
 * by call id so that the demo can wait for them. {@link #close()} stops it and its threads.
 */
public final class CallbackServer implements AutoCloseable {
  /** The path callbacks are posted to. */
  public static final String PATH = "/callbacks";

  private final CallbackReceiver receiver;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, CallAnalysis> accepted = new LinkedHashMap<>();

  private CallbackServer(CallbackReceiver receiver, HttpServer server, ExecutorService executor) {
    this.receiver = receiver;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts answering callbacks on the loopback interface.
   *
   * @param receiver verifies and parses each request
   * @param port the port, or 0 to let the OS choose
   * @return the running server
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static CallbackServer start(CallbackReceiver receiver, int port) {
    Objects.requireNonNull(receiver, "receiver == null");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback port " + port, e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "quickstart-callbacks");
              thread.setDaemon(true);
              return thread;
            });
    CallbackServer callbacks = new CallbackServer(receiver, server, executor);
    server.createContext("/", callbacks::handle); // any path: a tunnel may forward its own
    server.setExecutor(executor);
    server.start();
    return callbacks;
  }

  /**
   * The URL callbacks can be posted to on this machine.
   *
   * @return {@code http://127.0.0.1:PORT/callbacks}
   */
  public String localUrl() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + PATH;
  }

  /**
   * Waits until an analysis was accepted for each of the call ids, or until the timeout.
   *
   * @param callIds the calls whose callbacks are expected
   * @param timeout how long to wait at most
   * @return the analyses accepted so far by call id: all of them, or fewer after the timeout
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Map<String, CallAnalysis> await(Collection<String> callIds, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (accepted) {
      while (!accepted.keySet().containsAll(callIds)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        accepted.wait(Math.max(1, left / 1_000_000));
      }
      return new LinkedHashMap<>(accepted);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      CallbackRequest request =
          CallbackRequest.builder()
              .method(exchange.getRequestMethod())
              .uri(exchange.getRequestURI())
              .headers(exchange.getRequestHeaders())
              .body(exchange.getRequestBody(), length == null ? -1 : Long.parseLong(length))
              .build();
      CallbackOutcome outcome =
          receiver.handle(
              request,
              (deliveryId, analysis) -> {
                synchronized (accepted) {
                  accepted.put(analysis.callId(), analysis);
                  accepted.notifyAll();
                }
              });
      exchange.sendResponseHeaders(outcome.statusCode(), -1);
    }
  }

  /** Stops listening and ends the server's threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
