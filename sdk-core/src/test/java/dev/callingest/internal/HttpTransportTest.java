package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.ConnectionException;
import dev.callingest.Credentials;
import dev.callingest.FakeTime;
import dev.callingest.MalformedResponseException;
import dev.callingest.NotFoundException;
import dev.callingest.OperationEvent;
import dev.callingest.OperationResult;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestEvent;
import dev.callingest.RequestInDoubtException;
import dev.callingest.RequestOptions;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpTransportTest {
  static final String SECRET = "sk_live_do_not_leak_4242";

  @StartStop final MockWebServer server = new MockWebServer();

  final FakeTime time = new FakeTime();
  final List<String> events = new ArrayList<>();
  final ClientEventListener recorder =
      new ClientEventListener() {
        @Override
        public void requestStarted(RequestEvent request) {
          events.add("start " + request.method() + " " + request.path() + " #" + request.attempt());
        }

        @Override
        public void responseReceived(RequestEvent request, int statusCode, Duration elapsed) {
          events.add("response " + statusCode + " #" + request.attempt());
        }

        @Override
        public void requestFailed(RequestEvent request, IOException failure, Duration elapsed) {
          events.add("failed #" + request.attempt());
        }

        @Override
        public void retryScheduled(
            RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
          events.add(
              "retry after " + reason + " in " + delay.toMillis() + " ms, in doubt " + inDoubt);
        }
      };

  HttpTransport transport;

  @AfterEach
  void closeTransport() {
    if (transport != null) transport.close();
  }

  /** Jitter factor 1.0: delays are exactly the nominal backoff. */
  HttpTransport transport(ClientOptions.Builder options) {
    transport = new HttpTransport(options.build(), TestDecoder.INSTANCE, () -> 1.0);
    return transport;
  }

  ClientOptions.Builder options() {
    return ClientOptions.builder()
        .baseUrl(server.url("/api/v1/"))
        .credentials(new TestCredentials())
        .clock(time)
        .sleeper(time)
        .eventListener(recorder);
  }

  static String get(HttpTransport transport) {
    return transport.execute(
        ApiRequest.get("items", "a b"), TestDecoder::text, RequestOptions.NONE);
  }

  static String post(HttpTransport transport, RequestOptions overrides) {
    return transport.execute(
        ApiRequest.submit("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "batches"),
        TestDecoder::text,
        overrides);
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder()
        .code(code)
        .body("{\"message\":\"status " + code + "\"}")
        .build();
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).body(body).build();
  }

  @Test
  void sendsOnlyTheBodyRangeOnEveryAttempt() throws Exception {
    server.enqueue(status(503));
    server.enqueue(ok("done"));
    byte[] buffer = "xx{\"n\":1}yyyy".getBytes(StandardCharsets.UTF_8);

    String answer =
        transport(options())
            .execute(
                ApiRequest.submit(buffer, 2, 7, "batches"), TestDecoder::text, RequestOptions.NONE);

    assertThat(answer).isEqualTo("done");
    for (RecordedRequest request : List.of(server.takeRequest(), server.takeRequest())) {
      assertThat(request.getHeaders().get("Content-Length")).isEqualTo("7");
      assertThat(request.getBody().utf8()).isEqualTo("{\"n\":1}");
    }
  }

  @Test
  void refusesABodyRangeOutsideItsArray() {
    byte[] buffer = new byte[4];

    assertThatThrownBy(() -> ApiRequest.submit(buffer, 2, 3, "batches"))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ApiRequest.submit(buffer, -1, 2, "batches"))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(ApiRequest.submit(buffer, 1, 3, "batches").bodyLength()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void retriesRetryableStatusThenSucceeds(int code) throws Exception {
    server.enqueue(status(code));
    server.enqueue(ok("done"));

    assertThat(post(transport(options()), RequestOptions.NONE)).isEqualTo("done");

    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getHeaders().get("Callingest-Attempt")).isNull();
    assertThat(second.getHeaders().get("Callingest-Attempt")).isEqualTo("2");
    assertThat(second.getHeaders().get("Idempotency-Key"))
        .isNotBlank()
        .isEqualTo(first.getHeaders().get("Idempotency-Key"));
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void operationEventsFrameTheAttemptsAndTellHowItEnded() {
    List<String> heard = new ArrayList<>();
    ClientEventListener operations =
        new ClientEventListener() {
          @Override
          public void operationStarted(OperationEvent operation) {
            heard.add("started " + operation.method() + " " + operation.path());
          }

          @Override
          public void requestStarted(RequestEvent request) {
            heard.add("attempt " + request.attempt() + " of " + request.operationId());
          }

          @Override
          public void operationEnded(OperationEvent operation, OperationResult result) {
            heard.add(
                "ended "
                    + operation.id()
                    + ": "
                    + result.attempts()
                    + " attempts, "
                    + result.statusCode()
                    + ", "
                    + result.requestId()
                    + ", "
                    + result.failure().map(e -> e.getClass().getSimpleName()).orElse("ok"));
          }
        };
    server.enqueue(status(503));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("X-Request-Id", "req-42")
            .body("done")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .addHeader("X-Request-Id", "req-43")
            .body("{\"message\":\"no such batch\"}")
            .build());
    HttpTransport transport = transport(options().eventListener(operations));

    assertThat(post(transport, RequestOptions.NONE)).isEqualTo("done");
    assertThatThrownBy(() -> get(transport)).isInstanceOf(NotFoundException.class);

    assertThat(heard)
        .containsExactly(
            "started POST /api/v1/batches",
            "attempt 1 of 1",
            "attempt 2 of 1",
            "ended 1: 2 attempts, OptionalInt[200], Optional[req-42], ok",
            "started GET /api/v1/items/a%20b",
            "attempt 1 of 2",
            "ended 2: 1 attempts, OptionalInt[404], Optional[req-43], NotFoundException");
  }

  @Test
  void anOperationThatGotNoAnswerEndsWithoutAStatus() throws Exception {
    List<OperationResult> ended = new ArrayList<>();
    ClientEventListener operations =
        new ClientEventListener() {
          @Override
          public void operationEnded(OperationEvent operation, OperationResult result) {
            ended.add(result);
          }
        };
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    HttpTransport transport =
        transport(
            options()
                .eventListener(operations)
                .baseUrl("http://127.0.0.1:" + port + "/")
                .maxRetries(1));

    assertThatThrownBy(() -> get(transport)).isInstanceOf(ConnectionException.class);

    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).attempts()).isEqualTo(2);
    assertThat(ended.get(0).statusCode()).isEmpty();
    assertThat(ended.get(0).succeeded()).isFalse();
    assertThat(ended.get(0).failure().get()).isInstanceOf(ConnectionException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 422})
  void neverRetriesOtherClientErrors(int code) {
    server.enqueue(status(code));
    server.enqueue(ok("must not be reached"));

    assertThatThrownBy(() -> post(transport(options()), RequestOptions.NONE))
        .isInstanceOf(ApiException.class)
        .hasMessage("HTTP " + code + ": status " + code);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void mapsStatusesToExceptionTypes() {
    int[] codes = {401, 403, 404, 422, 400, 500};
    Class<?>[] types = {
      AuthenticationException.class,
      AuthenticationException.class,
      NotFoundException.class,
      ServerValidationException.class,
      ApiException.class,
      ServerException.class
    };
    HttpTransport transport = transport(options().maxRetries(0));
    for (int i = 0; i < codes.length; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(codes[i])
              .addHeader("X-Request-Id", "req_" + i)
              .body("{\"message\":\"no\"}")
              .build());
      int index = i;
      assertThatThrownBy(() -> get(transport))
          .isExactlyInstanceOf(types[i])
          .satisfies(
              e -> {
                ApiException api = (ApiException) e;
                assertThat(api.httpStatus()).isEqualTo(codes[index]);
                assertThat(api.requestId()).contains("req_" + index);
                assertThat(api.errorResponse().bodyExcerpt()).isEqualTo("{\"message\":\"no\"}");
                assertThat(api.attempts()).isEqualTo(1);
              });
    }
  }

  @Test
  void givesUpAfterMaxRetriesWithAttemptCount() {
    for (int i = 0; i < 3; i++) server.enqueue(status(503));

    assertThatThrownBy(() -> get(transport(options())))
        .isInstanceOf(ServerException.class)
        .hasMessage("HTTP 503: status 503 (after 3 attempts)")
        .extracting(e -> ((ServerException) e).attempts())
        .isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void backoffDoublesUpToTheCapWithJitterBetweenThreeQuartersAndOne() {
    Backoff full = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), () -> 1.0);
    Backoff least = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), () -> 0.0);
    assertThat(
            List.of(
                full.delay(1),
                full.delay(2),
                full.delay(3),
                full.delay(4),
                full.delay(5),
                full.delay(6),
                full.delay(40)))
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8));
    assertThat(least.delay(1)).isEqualTo(Duration.ofMillis(375));
    assertThat(least.delay(6)).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void randomJitterStaysInRange() {
    transport = new HttpTransport(options().maxRetries(1).build(), TestDecoder.INSTANCE);
    server.enqueue(status(503));
    server.enqueue(ok("done"));

    get(transport);

    assertThat(time.sleeps())
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
  }

  @Test
  void honoursRetryAfterSeconds() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(ok("done"));

    assertThat(get(transport(options()))).isEqualTo("done");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(events).contains("retry after HTTP 429 in 7000 ms, in doubt false");
  }

  @Test
  void honoursRetryAfterHttpDate() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            time.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", date).build());
    server.enqueue(ok("done"));

    get(transport(options()));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void honoursRetryAfterMsBeforeRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After-Ms", "1250")
            .addHeader("Retry-After", "9")
            .build());
    server.enqueue(ok("done"));

    get(transport(options()));

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1250));
  }

  @Test
  void honoursTheApiBodyHintWhenNoHeaderIsPresent() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .body(
                "{\"success\":false,\"message\":\"Rate limit exceeded. Try again in 3 seconds.\"}")
            .build());
    server.enqueue(ok("done"));

    get(transport(options()));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retryAfterAboveTheCapEndsRetriesAndIsReported() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "61").build());
    server.enqueue(ok("must not be reached"));

    assertThatThrownBy(() -> get(transport(options())))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(61));
              assertThat(e.isClientSide()).isFalse();
              assertThat(e.statusCode()).hasValue(429);
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void retryAfterAtTheCapIsHonoured() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "20").build());
    server.enqueue(ok("done"));

    get(transport(options().maxRetryAfter(Duration.ofSeconds(20))));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void overallDeadlineStopsRetriesThatWouldStartTooLate() {
    for (int i = 0; i < 5; i++) server.enqueue(status(503));

    assertThatThrownBy(
            () -> get(transport(options().maxRetries(4).deadline(Duration.ofMillis(1600)))))
        .isInstanceOf(ServerException.class)
        .extracting(e -> ((ServerException) e).attempts())
        .isEqualTo(3);
    // 500 ms + 1000 ms fit in 1.6 s; the next wait of 2 s would not.
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void requestOverridesReplaceClientRetries() {
    for (int i = 0; i < 6; i++) server.enqueue(status(500));
    server.enqueue(ok("done"));

    String result =
        post(transport(options().maxRetries(0)), RequestOptions.builder().maxRetries(6).build());

    assertThat(result).isEqualTo("done");
    assertThat(server.getRequestCount()).isEqualTo(7);
  }

  @Test
  void requestOverrideSetsTheIdempotencyKey() throws Exception {
    server.enqueue(ok("done"));

    post(
        transport(options()), RequestOptions.builder().idempotencyKey("import-42-batch-7").build());

    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key"))
        .isEqualTo("import-42-batch-7");
  }

  @Test
  void readsAreSentWithoutIdempotencyKey() throws Exception {
    server.enqueue(ok("done"));

    get(transport(options()));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/items/a%20b");
    assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
  }

  @Test
  void droppedConnectionAfterTheRequestWasSentIsRetriedWithTheSameKeyAndBody() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(ok("done"));

    assertThat(post(transport(options()), RequestOptions.NONE)).isEqualTo("done");

    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(second.getHeaders().get("Idempotency-Key"))
        .isEqualTo(first.getHeaders().get("Idempotency-Key"));
    assertThat(events).anyMatch(e -> e.endsWith("in doubt true"));
  }

  @Test
  void droppedConnectionAfterTheRequestWasSentIsInDoubtWhenSuchRetriesAreOff() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(ok("must not be reached"));

    assertThatThrownBy(
            () -> post(transport(options().retryInDoubtRequests(false)), RequestOptions.NONE))
        .isInstanceOfSatisfying(
            RequestInDoubtException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(1);
              assertThat(e).hasMessageContaining("may or may not have accepted it");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorOnASubmissionIsNotRetriedWhenInDoubtRetriesAreOffBut503Is() {
    server.enqueue(status(503));
    server.enqueue(status(500));
    server.enqueue(ok("must not be reached"));

    assertThatThrownBy(
            () -> post(transport(options().retryInDoubtRequests(false)), RequestOptions.NONE))
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(events).contains("retry after HTTP 503 in 500 ms, in doubt false");
  }

  @Test
  void droppedConnectionOnAReadIsAlwaysRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(ok("done"));

    assertThat(get(transport(options().retryInDoubtRequests(false)))).isEqualTo("done");
  }

  @Test
  void connectionRefusedIsRetriedEvenWithInDoubtRetriesOffAndReportsAttempts() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpTransport transport =
        transport(options().baseUrl("http://127.0.0.1:" + closedPort).retryInDoubtRequests(false));

    assertThatThrownBy(() -> post(transport, RequestOptions.NONE))
        .isExactlyInstanceOf(ConnectionException.class)
        .hasMessage("POST /batches failed (ConnectException) after 3 attempts")
        .satisfies(e -> assertThat(((ConnectionException) e).isTimeout()).isFalse())
        .extracting(e -> ((ConnectionException) e).attempts())
        .isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void readTimeoutIsRetriedThenReportedAsTimeout() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder().body("late").headersDelay(2, TimeUnit.SECONDS).build());
    }
    HttpTransport transport =
        transport(options().maxRetries(1).readTimeout(Duration.ofMillis(100)));

    assertThatThrownBy(() -> get(transport))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.isTimeout()).isTrue();
              assertThat(e.attempts()).isEqualTo(2);
              assertThat(e).hasMessage("GET /api/v1/items/a%20b timed out after 2 attempts");
            });
    assertThat(events).contains("failed #1", "failed #2");
  }

  @Test
  void perRequestReadTimeoutOverridesTheClientsOne() {
    server.enqueue(
        new MockResponse.Builder().body("late").headersDelay(2, TimeUnit.SECONDS).build());
    HttpTransport transport =
        transport(options().maxRetries(0).readTimeout(Duration.ofSeconds(30)));

    assertThatThrownBy(
            () ->
                transport.execute(
                    ApiRequest.get("slow"),
                    TestDecoder::text,
                    RequestOptions.builder().readTimeout(Duration.ofMillis(100)).build()))
        .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTimeout()).isTrue());
  }

  @Test
  void successWithAnUnreadableBodyIsAnError() {
    server.enqueue(ok("{not json"));
    HttpTransport transport = new HttpTransport(options().build(), TestDecoder.INSTANCE);
    this.transport = transport;

    assertThatThrownBy(
            () ->
                transport.execute(
                    ApiRequest.get("x"),
                    raw -> Json.fromBytes(Json.MOSHI.adapter(Object.class), raw.body()),
                    RequestOptions.NONE))
        .isInstanceOfSatisfying(
            MalformedResponseException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.errorResponse().bodyExcerpt()).isEqualTo("{not json");
              assertThat(e)
                  .hasMessageStartingWith(
                      "GET /api/v1/x answered HTTP 200 with a body that is not the documented response");
            });
  }

  @Test
  void redirectsAreNotFollowed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(307)
            .addHeader("Location", "https://elsewhere.example/")
            .build());

    assertThatThrownBy(() -> post(transport(options()), RequestOptions.NONE))
        .isExactlyInstanceOf(ApiException.class)
        .hasMessageStartingWith("HTTP 307");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void sendsTheUserAgentWithAppInfo() throws Exception {
    server.enqueue(ok("done"));

    get(transport(options().appInfo("crm-sync/2.1")));

    assertThat(server.takeRequest().getHeaders().get("User-Agent"))
        .matches(
            "callingest-java/[0-9][^ ]* \\(Java "
                + System.getProperty("java.version").replace(".", "\\.")
                + "; [^)]+\\) crm-sync/2\\.1");
  }

  @Test
  void reportsEachAttemptToTheListener() {
    server.enqueue(status(502));
    server.enqueue(ok("done"));

    get(transport(options()));

    assertThat(events)
        .containsExactly(
            "start GET /api/v1/items/a%20b #1",
            "response 502 #1",
            "retry after HTTP 502 in 500 ms, in doubt false",
            "start GET /api/v1/items/a%20b #2",
            "response 200 #2");
  }

  @Test
  void aFailingListenerDoesNotBreakTheRequest() {
    server.enqueue(ok("done"));
    ClientEventListener broken =
        new ClientEventListener() {
          @Override
          public void requestStarted(RequestEvent request) {
            throw new IllegalStateException("listener bug");
          }
        };

    assertThat(get(transport(options().eventListener(broken)))).isEqualTo("done");
  }

  @Test
  void interruptionDuringTheRetryWaitStopsAndKeepsTheFlag() {
    server.enqueue(status(503));
    HttpTransport transport =
        transport(
            options()
                .sleeper(
                    d -> {
                      throw new InterruptedException();
                    }));
    try {
      assertThatThrownBy(() -> get(transport))
          .hasMessageStartingWith("interrupted while waiting to retry GET");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void closeLeavesTheCallersClientUsable() throws Exception {
    OkHttpClient mine = new OkHttpClient();
    server.enqueue(ok("one"));
    server.enqueue(ok("two"));
    HttpTransport transport = transport(options().okHttpClient(mine));
    get(transport);

    transport.close();

    try (okhttp3.Response response =
        mine.newCall(new okhttp3.Request.Builder().url(server.url("/x")).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("two");
    }
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void socketsHaveNagleOffAndKeepTheCallersSocketFactory() throws Exception {
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    javax.net.SocketFactory counting =
        new javax.net.SocketFactory() {
          @Override
          public java.net.Socket createSocket() {
            made.incrementAndGet();
            return new java.net.Socket();
          }

          @Override
          public java.net.Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public java.net.Socket createSocket(
              String host, int port, java.net.InetAddress local, int localPort) {
            throw new UnsupportedOperationException();
          }

          @Override
          public java.net.Socket createSocket(java.net.InetAddress host, int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public java.net.Socket createSocket(
              java.net.InetAddress host, int port, java.net.InetAddress local, int localPort) {
            throw new UnsupportedOperationException();
          }
        };
    server.enqueue(ok("done"));
    HttpTransport transport =
        transport(
            options().okHttpClient(new OkHttpClient.Builder().socketFactory(counting).build()));

    assertThat(get(transport)).isEqualTo("done");
    assertThat(made.get()).isEqualTo(1);
    try (java.net.Socket socket = transport.client().socketFactory().createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
    assertThat(made.get()).isEqualTo(2);
  }

  @Test
  void asyncVariantCompletesWithTheResult() throws Exception {
    server.enqueue(ok("async"));
    HttpTransport transport = transport(options());

    assertThat(
            transport
                .executeAsync(ApiRequest.get("x"), TestDecoder::text, RequestOptions.NONE)
                .get(10, TimeUnit.SECONDS))
        .isEqualTo("async");
  }

  /** A decoder like the APIs' own: the body's "message" becomes the API message. */
  enum TestDecoder implements ErrorDecoder {
    INSTANCE;

    static String text(RawResponse raw) {
      return raw.bodyAsString();
    }

    @Override
    public dev.callingest.CallingestException decode(RawResponse response, Duration retryAfter) {
      String body = response.bodyAsString();
      String message = null;
      int start = body.indexOf("\"message\":\"");
      if (start >= 0) {
        int from = start + "\"message\":\"".length();
        message = body.substring(from, body.indexOf('"', from));
      }
      return ErrorMapping.exceptionFor(response, null, message, retryAfter, List.of());
    }

    @Override
    public Optional<Duration> retryAfterHint(RawResponse response) {
      // A wording of the test's own: the transport must take whatever the decoder reads.
      Matcher matcher = Pattern.compile("in (\\d+) seconds").matcher(response.bodyAsString());
      return matcher.find()
          ? Optional.of(Duration.ofSeconds(Long.parseLong(matcher.group(1))))
          : Optional.empty();
    }
  }

  static final class TestCredentials implements Credentials {
    @Override
    public void writeHeaders(BiConsumer<String, String> header) {
      header.accept("Authorization", "Bearer " + SECRET);
    }

    @Override
    public String toString() {
      return "TestCredentials{key=<redacted>}";
    }
  }

  static Instant now() {
    return Instant.now();
  }
}
