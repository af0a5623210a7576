package dev.callingest.examples.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlSigner;
import dev.callingest.callback.CallbackUrlVerifier;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every receiver adapter must do over real HTTP, for both verification schemes: accept a
 * genuine callback once, refuse forged ones, answer replays 200 without running the consumer again,
 * and refuse oversized, non-JSON and non-POST requests. Subclasses start their server.
 */
abstract class ReceiverContract {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB";
  static final CallbackUrlKey KEY =
      CallbackUrlKey.of(
          "k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  static final int LIMIT = 16 * 1024;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What the consumer received: "deliveryId call_id" per run. */
  final List<String> received = new CopyOnWriteArrayList<>();

  private final CallbackConsumer recording =
      (deliveryId, analysis) -> received.add(deliveryId + " " + analysis.callId());

  /**
   * Starts the adapter under test and returns its endpoint, such as
   * http://127.0.0.1:PORT/callbacks.
   */
  abstract String start(CallbackReceiver receiver, CallbackConsumer consumer) throws Exception;

  abstract void stop() throws Exception;

  @AfterEach
  void stopServer() throws Exception {
    stop();
  }

  static byte[] analysis(String callId) {
    return ("{\"call_id\":\""
            + callId
            + "\",\"intent\":\"purchase\",\"quality_score\":82,"
            + "\"summary\":[{\"chapter_name\":\"Intro\",\"chapter_summary\":\"Greeting\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private String standardWebhooks() throws Exception {
    return start(
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
            .maxBodyBytes(LIMIT)
            .build(),
        recording);
  }

  private String callbackUrls() throws Exception {
    return start(
        CallbackReceiver.builder()
            .verifier(CallbackUrlVerifier.builder().addKey(KEY).build())
            .maxBodyBytes(LIMIT)
            .build(),
        recording);
  }

  int post(String url, Map<String, String> headers, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) request.header("Content-Type", contentType);
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  int postSigned(String url, String secret, String messageId, byte[] body) throws Exception {
    return post(
        url,
        StandardWebhooksSigner.of(secret).headers(messageId, Instant.now(), body),
        "application/json",
        body);
  }

  @Test
  void standardWebhooksAcceptsAGenuineCallback() throws Exception {
    String url = standardWebhooks();
    assertThat(postSigned(url, SECRET, "msg_1", analysis("call-1"))).isEqualTo(200);
    assertThat(received).containsExactly("msg_1 call-1");
  }

  @Test
  void standardWebhooksRefusesAForgedSignatureOrATamperedBody() throws Exception {
    String url = standardWebhooks();
    assertThat(postSigned(url, OTHER_SECRET, "msg_1", analysis("call-1"))).isEqualTo(401);
    Map<String, String> signedForOther =
        StandardWebhooksSigner.of(SECRET).headers("msg_2", Instant.now(), analysis("call-2"));
    assertThat(post(url, signedForOther, "application/json", analysis("call-666"))).isEqualTo(401);
    assertThat(post(url, Map.of(), "application/json", analysis("call-3"))).isEqualTo(401);
    assertThat(received).isEmpty();
  }

  @Test
  void standardWebhooksAnswersAReplay200WithoutRunningTheConsumerAgain() throws Exception {
    String url = standardWebhooks();
    byte[] body = analysis("call-1");
    Map<String, String> headers =
        StandardWebhooksSigner.of(SECRET).headers("msg_1", Instant.now(), body);
    assertThat(post(url, headers, "application/json", body)).isEqualTo(200);
    assertThat(post(url, headers, "application/json", body)).isEqualTo(200);
    assertThat(postSigned(url, SECRET, "msg_1", body)).isEqualTo(200);
    assertThat(received).containsExactly("msg_1 call-1");
  }

  @Test
  void refusesAnOversizedBodyWith413() throws Exception {
    String url = standardWebhooks();
    byte[] big = new byte[LIMIT + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThat(postSigned(url, SECRET, "msg_big", big)).isEqualTo(413);
    assertThat(received).isEmpty();
  }

  @Test
  void refusesANonJsonBodyWith415AndAGetWith405() throws Exception {
    String url = standardWebhooks();
    byte[] body = "call_id=call-1".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        StandardWebhooksSigner.of(SECRET).headers("msg_1", Instant.now(), body);
    assertThat(post(url, headers, "application/x-www-form-urlencoded", body)).isEqualTo(415);
    HttpRequest get = HttpRequest.newBuilder(URI.create(url)).GET().build();
    assertThat(http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    assertThat(received).isEmpty();
  }

  @Test
  void callbackUrlAcceptsAGenuineCallbackOnceAndAReplayGets200() throws Exception {
    String url = CallbackUrlSigner.builder().key(KEY).build().sign(callbackUrls(), "call-1");
    assertThat(post(url, Map.of(), "application/json", analysis("call-1"))).isEqualTo(200);
    assertThat(post(url, Map.of(), "application/json", analysis("call-1"))).isEqualTo(200);
    assertThat(received).containsExactly("call-1 call-1");
  }

  @Test
  void callbackUrlRefusesAForgedTokenAndAnotherCallsBody() throws Exception {
    String base = callbackUrls();
    CallbackUrlKey otherKey =
        CallbackUrlKey.of(
            "k1", "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    String forged = CallbackUrlSigner.builder().key(otherKey).build().sign(base, "call-1");
    assertThat(post(forged, Map.of(), "application/json", analysis("call-1"))).isEqualTo(401);
    String genuine = CallbackUrlSigner.builder().key(KEY).build().sign(base, "call-1");
    assertThat(post(genuine, Map.of(), "application/json", analysis("call-2"))).isEqualTo(401);
    assertThat(post(base + "?cb_call_id=call-1", Map.of(), "application/json", analysis("call-1")))
        .isEqualTo(401);
    assertThat(received).isEmpty();
  }

  @Test
  void callbackUrlRefusesOversizedAndNonJsonBodies() throws Exception {
    String url = CallbackUrlSigner.builder().key(KEY).build().sign(callbackUrls(), "call-1");
    assertThat(post(url, Map.of(), "application/json", new byte[LIMIT + 1])).isEqualTo(413);
    assertThat(post(url, Map.of(), "text/plain", analysis("call-1"))).isEqualTo(415);
    assertThat(received).isEmpty();
  }

  @Test
  void aConsumerFailureAnswers500AndTheRetryRunsItAgain() throws Exception {
    AtomicBoolean failOnce = new AtomicBoolean(true);
    String url =
        start(
            CallbackReceiver.builder()
                .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
                .build(),
            (deliveryId, analysis) -> {
              if (failOnce.getAndSet(false)) throw new IllegalStateException("CRM is down");
              recording.accept(deliveryId, analysis);
            });
    byte[] body = analysis("call-1");
    assertThat(postSigned(url, SECRET, "msg_1", body)).isEqualTo(500);
    assertThat(postSigned(url, SECRET, "msg_1", body)).isEqualTo(200);
    assertThat(received).containsExactly("msg_1 call-1");
  }
}
