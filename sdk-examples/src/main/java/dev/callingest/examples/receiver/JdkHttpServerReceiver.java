package dev.callingest.examples.receiver;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A callback endpoint on the JDK's built-in {@code com.sun.net.httpserver.HttpServer}, with no
 * dependency beyond the SDK. {@link #handler} is the whole adapter; {@link #main} runs it.
 *
 * <pre>
 * CALLINGEST_WEBHOOK_SECRET=whsec_... java ... JdkHttpServerReceiver --port=8090
 * CALLINGEST_CALLBACK_KEY_ID=2026-01 CALLINGEST_CALLBACK_KEY=base64... \
 *     java ... JdkHttpServerReceiver --port=8090 --scheme=callback-url
 * </pre>
 */
public final class JdkHttpServerReceiver {
  private JdkHttpServerReceiver() {}

  /**
   * The adapter: builds a {@link CallbackRequest} from the exchange (method, raw URI with its
   * query, headers, body stream with its {@code Content-Length}), lets the receiver handle it and
   * answers with the outcome's status and no body.
   *
   * @param receiver verifies, parses and de-duplicates the callbacks
   * @param consumer your handling of each new, authentic callback
   * @return a handler to register with {@link HttpServer#createContext(String, HttpHandler)}
   */
  public static HttpHandler handler(CallbackReceiver receiver, CallbackConsumer consumer) {
    Objects.requireNonNull(receiver, "receiver == null");
    Objects.requireNonNull(consumer, "consumer == null");
    return exchange -> {
      try (exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        CallbackRequest request =
            CallbackRequest.builder()
                .method(exchange.getRequestMethod())
                .uri(exchange.getRequestURI())
                .headers(exchange.getRequestHeaders())
                .body(exchange.getRequestBody(), length == null ? -1 : Long.parseLong(length))
                .build();
        CallbackOutcome outcome = receiver.handle(request, consumer);
        if (!outcome.isAccepted()) {
          System.getLogger(JdkHttpServerReceiver.class.getName())
              .log(System.Logger.Level.INFO, "callback {0}: {1}", outcome.kind(), outcome.reason());
        }
        // A 503 for a delivery another node is handling tells the sender when to retry.
        outcome
            .retryAfterSeconds()
            .ifPresent(seconds -> exchange.getResponseHeaders().set("Retry-After", seconds));
        exchange.sendResponseHeaders(outcome.statusCode(), -1);
      }
    };
  }

  /**
   * Starts a server on {@code address} that receives callbacks at {@code path}.
   *
   * @param address where to listen; port 0 lets the system choose
   * @param path the context path, such as {@code /callbacks}
   * @param receiver verifies, parses and de-duplicates the callbacks
   * @param consumer your handling of each new, authentic callback
   * @return the started server; {@code stop(0)} it when done
   * @throws IOException when the address cannot be bound
   */
  public static HttpServer start(
      InetSocketAddress address, String path, CallbackReceiver receiver, CallbackConsumer consumer)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(path, handler(receiver, consumer));
    server.start();
    return server;
  }

  /**
   * Receives callbacks at {@code http://0.0.0.0:PORT/callbacks} and prints each one, until killed.
   * Flags: {@code --port=N} (default 8090), {@code --scheme=standard-webhooks|callback-url}
   * (default standard-webhooks). Secrets come from the environment only: {@code
   * CALLINGEST_WEBHOOK_SECRET}, or {@code CALLINGEST_CALLBACK_KEY_ID} and {@code
   * CALLINGEST_CALLBACK_KEY}.
   *
   * @param args the flags
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    ReceiverConfig config = ReceiverConfig.parseOrExit(args, System.getenv());
    HttpServer server =
        start(
            new InetSocketAddress(config.port()),
            "/callbacks",
            config.receiver(),
            ReceiverConfig.PRINT);
    System.out.println(
        "Receiving callbacks ("
            + config.scheme()
            + ") at http://localhost:"
            + server.getAddress().getPort()
            + "/callbacks; Ctrl-C to stop");
  }
}
