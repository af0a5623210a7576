package dev.callingest.callback.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlSigner;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.callback.DeliveryStore;
import dev.callingest.callback.DeliveryStoreException;
import dev.callingest.callback.InMemoryDeliveryStore;
import dev.callingest.callback.StandardWebhooksSigner;
import dev.callingest.callback.StandardWebhooksVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The servlet on a real container (embedded Jetty 12, ee10) over real HTTP. */
class CallbackServletTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB";

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final List<String> consumed = new CopyOnWriteArrayList<>();
  final List<String> outcomes = new CopyOnWriteArrayList<>();
  Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.stop();
  }

  String start(CallbackReceiver receiver, CallbackConsumer consumer) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/app");
    CallbackServlet servlet =
        new CallbackServlet(
            receiver,
            consumer,
            outcome -> outcomes.add(outcome.kind() + " " + outcome.statusCode()));
    context.addServlet(new ServletHolder(servlet), "/callbacks");
    server.setHandler(context);
    server.start();
    return "http://127.0.0.1:" + connector.getLocalPort() + "/app/callbacks";
  }

  static byte[] analysis(String callId) {
    return ("{\"call_id\":\"" + callId + "\",\"intent\":\"purchase\",\"quality_score\":82}")
        .getBytes(StandardCharsets.UTF_8);
  }

  int post(String url, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void standardWebhooksGenuineOnceDuplicateAnsweredForgedRefused() throws Exception {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .build();
    String url = start(receiver, (id, analysis) -> consumed.add(id + " " + analysis.callId()));
    byte[] body = analysis("call_1");
    Map<String, String> signed =
        StandardWebhooksSigner.of(SECRET).headers("msg_1", Instant.now(), body);
    Map<String, String> forged =
        StandardWebhooksSigner.of(OTHER_SECRET).headers("msg_2", Instant.now(), body);

    assertThat(post(url, signed, body)).isEqualTo(200);
    assertThat(post(url, signed, body)).isEqualTo(200);
    assertThat(post(url, forged, body)).isEqualTo(401);
    assertThat(post(url, Map.of(), body)).isEqualTo(401);

    assertThat(consumed).containsExactly("msg_1 call_1");
    assertThat(outcomes)
        .containsExactly("ACCEPTED 200", "DUPLICATE 200", "REJECTED 401", "REJECTED 401");
  }

  @Test
  void callbackUrlTokenInTheQueryReachesTheReceiver() throws Exception {
    CallbackUrlKey key = CallbackUrlKey.generate("k1");
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(CallbackUrlVerifier.builder().addKey(key).build())
            .build();
    String base = start(receiver, (id, analysis) -> consumed.add(id));
    String signed = CallbackUrlSigner.builder().key(key).build().sign(base, "call_7");

    assertThat(post(signed, Map.of(), analysis("call_7"))).isEqualTo(200);
    assertThat(post(signed, Map.of(), analysis("call_8"))).isEqualTo(401);
    assertThat(post(base, Map.of(), analysis("call_7"))).isEqualTo(401);
    assertThat(consumed).containsExactly("call_7");
  }

  @Test
  void oversizedNonJsonAndGetAreRefused() throws Exception {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .maxBodyBytes(1024)
            .build();
    String url = start(receiver, (id, analysis) -> consumed.add(id));

    assertThat(post(url, Map.of(), new byte[4096])).isEqualTo(413);
    HttpRequest text =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hello"))
            .build();
    assertThat(http.send(text, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(415);
    HttpRequest get = HttpRequest.newBuilder(URI.create(url)).GET().build();
    assertThat(http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    assertThat(consumed).isEmpty();
    assertThat(outcomes).containsExactly("REJECTED 413", "REJECTED 415");
  }

  @Test
  void consumerFailureAnswers500AndTheRetryIsHandled() throws Exception {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .build();
    AtomicInteger calls = new AtomicInteger();
    String url =
        start(
            receiver,
            (id, analysis) -> {
              if (calls.incrementAndGet() == 1) throw new IllegalStateException("CRM is down");
              consumed.add(id);
            });
    byte[] body = analysis("call_9");

    assertThat(
            post(
                url, StandardWebhooksSigner.of(SECRET).headers("msg_9", Instant.now(), body), body))
        .isEqualTo(500);
    assertThat(
            post(
                url, StandardWebhooksSigner.of(SECRET).headers("msg_9", Instant.now(), body), body))
        .isEqualTo(200);
    assertThat(consumed).containsExactly("msg_9");
    assertThat(outcomes).containsExactly("FAILED 500", "ACCEPTED 200");
  }

  @Test
  void aFailingListenerDoesNotChangeTheAnswer() throws Exception {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(
        new ServletHolder(
            new CallbackServlet(
                receiver,
                (id, a) -> consumed.add(id),
                outcome -> {
                  throw new IllegalStateException("metrics down");
                })),
        "/cb");
    server.setHandler(context);
    server.start();
    String url = "http://127.0.0.1:" + connector.getLocalPort() + "/cb";
    byte[] body = analysis("call_3");

    assertThat(
            post(
                url, StandardWebhooksSigner.of(SECRET).headers("msg_3", Instant.now(), body), body))
        .isEqualTo(200);
    assertThat(consumed).containsExactly("msg_3");
  }

  @Test
  void aStoreFailingWhileAbandoningKeepsTheConsumersExceptionAndAnswers500() throws Exception {
    InMemoryDeliveryStore memory = InMemoryDeliveryStore.create(10, java.time.Clock.systemUTC());
    DeliveryStore failingAbandon =
        new DeliveryStore() {
          @Override
          public Begin begin(String deliveryId, String owner, Duration leaseTtl) {
            return memory.begin(deliveryId, owner, leaseTtl);
          }

          @Override
          public boolean complete(String deliveryId, String owner, Duration doneTtl) {
            return memory.complete(deliveryId, owner, doneTtl);
          }

          @Override
          public boolean abandon(String deliveryId, String owner) {
            throw new DeliveryStoreException(
                "database unreachable", new java.io.IOException("reset"));
          }

          @Override
          public boolean renew(String deliveryId, String owner, Duration leaseTtl) {
            return memory.renew(deliveryId, owner, leaseTtl);
          }
        };
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .deliveryStore(failingAbandon)
            .build();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(
        new ServletHolder(
            new CallbackServlet(
                receiver,
                (id, a) -> {
                  throw new IllegalStateException("CRM is down");
                },
                outcome -> outcome.failure().ifPresent(failures::add))),
        "/cb");
    server.setHandler(context);
    server.start();
    byte[] body = analysis("call_4");

    int status =
        post(
            "http://127.0.0.1:" + connector.getLocalPort() + "/cb",
            StandardWebhooksSigner.of(SECRET).headers("msg_4", Instant.now(), body),
            body);

    assertThat(status).isEqualTo(500);
    assertThat(failures)
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure)
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessage("CRM is down");
              assertThat(failure.getSuppressed())
                  .singleElement()
                  .isInstanceOf(DeliveryStoreException.class);
            });
  }

  @Test
  void toStringNamesNoSecret() {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .build();
    assertThat(new CallbackServlet(receiver, (id, a) -> {}).toString())
        .startsWith("CallbackServlet{")
        .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  }
}
