package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.callingest.analysis.CallAnalysis;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK HttpServer adapter of docs/callbacks.md, over real loopback sockets. */
class JdkHttpServerAdapterTest {
  final List<String> saved = new CopyOnWriteArrayList<>();
  final CallbackUrlKey key = CallbackUrlKey.generate("k1");
  final InMemoryDeliveryStore store = InMemoryDeliveryStore.create();
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  void save(CallAnalysis analysis) {
    saved.add(analysis.callId());
  }

  @Test
  void adapterAnswersWithTheOutcomeStatus() throws Exception {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(CallbackUrlVerifier.builder().addKey(key).build())
            .deliveryStore(store)
            .inProgressWait(Duration.ZERO)
            .maxBodyBytes(1024) // small, so that the refused body still fits in socket buffers
            .build();

    // --- as in docs/callbacks.md ---
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/callbacks",
        exchange -> {
          String length = exchange.getRequestHeaders().getFirst("Content-Length");
          CallbackRequest request =
              CallbackRequest.builder()
                  .method(exchange.getRequestMethod())
                  .uri(exchange.getRequestURI())
                  .headers(exchange.getRequestHeaders())
                  .body(exchange.getRequestBody(), length == null ? -1 : Long.parseLong(length))
                  .build();
          CallbackOutcome outcome =
              receiver.handle(request, (deliveryId, analysis) -> save(analysis));
          outcome
              .retryAfterSeconds()
              .ifPresent(seconds -> exchange.getResponseHeaders().set("Retry-After", seconds));
          exchange.sendResponseHeaders(outcome.statusCode(), -1);
          exchange.close();
        });
    server.start();
    // ---

    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
    String url = CallbackUrlSigner.builder().key(key).build().sign(base, "call_12345");
    byte[] body = "{\"call_id\":\"call_12345\",\"quality_score\":42.5}".getBytes(UTF_8);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    assertThat(post(client, url, body)).isEqualTo(200);
    assertThat(post(client, url, body)).isEqualTo(200); // duplicate
    assertThat(saved).containsExactly("call_12345");
    assertThat(post(client, url.replace("call_12345", "call_99999"), body)).isEqualTo(401);
    assertThat(post(client, base, body)).isEqualTo(401);
    assertThat(post(client, url, new byte[2048])).isEqualTo(413);
    // Another node holds call_777's lease: 503 and Retry-After, and the consumer is not called.
    store.begin("call_777", "other-node", Duration.ofMinutes(1));
    HttpResponse<Void> busy =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(CallbackUrlSigner.builder().key(key).build().sign(base, "call_777")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"call_id\":\"call_777\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).contains("30");
    assertThat(saved).containsExactly("call_12345");
  }

  static int post(HttpClient client, String url, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
