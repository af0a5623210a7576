package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.CallingestException;
import dev.callingest.ClientOptions;
import dev.callingest.ConnectionException;
import dev.callingest.FakeTime;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.RequestOptions;
import dev.callingest.ServerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sequences of faults: the final exception must keep what every attempt may have done. */
class AttemptHistoryTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();
  HttpTransport transport;

  @AfterEach
  void close() {
    if (transport != null) transport.close();
  }

  HttpTransport transport(boolean retryInDoubt) {
    transport =
        new HttpTransport(
            ClientOptions.builder()
                .baseUrl(server.url("/api/"))
                .credentials(new HttpTransportTest.TestCredentials())
                .clock(time)
                .sleeper(time)
                .readTimeout(Duration.ofMillis(200))
                .retryInDoubtRequests(retryInDoubt)
                .build(),
            HttpTransportTest.TestDecoder.INSTANCE,
            () -> 1.0);
    return transport;
  }

  String post(HttpTransport transport) {
    return transport.execute(
        ApiRequest.submit("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "batches"),
        raw ->
            raw.earlierAttemptPossiblyProcessed()
                ? "twice? " + raw.bodyAsString()
                : raw.bodyAsString(),
        RequestOptions.NONE);
  }

  String get(HttpTransport transport) {
    return transport.execute(
        ApiRequest.get("batches", "b1"), RawResponse::bodyAsString, RequestOptions.NONE);
  }

  static MockResponse drop() {
    return new MockResponse.Builder()
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  static MockResponse timeout() {
    return new MockResponse.Builder().body("late").headersDelay(3, TimeUnit.SECONDS).build();
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder()
        .code(code)
        .body("{\"message\":\"status " + code + "\"}")
        .build();
  }

  @Test
  void dropThen500Then500EndsInAServerErrorThatRemembersTheDrop() {
    server.enqueue(drop());
    server.enqueue(status(500));
    server.enqueue(status(500));

    ServerException e = catchThrowableOfType(() -> post(transport(true)), ServerException.class);

    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getMessage())
        .startsWith("HTTP 500: status 500 (after 3 attempts); attempt 1 failed (")
        .endsWith(") after the request was sent and may have been processed");
    assertThat(e.getSuppressed()).hasSize(2);
    assertThat(e.getSuppressed()[0]).isInstanceOf(IOException.class);
    assertThat(e.getSuppressed()[1])
        .isInstanceOfSatisfying(
            ServerException.class,
            earlier -> {
              assertThat(earlier.attempts()).isEqualTo(2);
              assertThat(earlier.possiblyProcessed()).isTrue();
            });
  }

  @Test
  void timeoutThen503IsAServerErrorPossiblyProcessed() {
    server.enqueue(timeout());
    server.enqueue(status(503));

    transport(true);
    ServerException e =
        catchThrowableOfType(
            () ->
                transport.execute(
                    ApiRequest.submit("{}".getBytes(StandardCharsets.UTF_8), "batches"),
                    RawResponse::bodyAsString,
                    RequestOptions.builder().maxRetries(1).build()),
            ServerException.class);

    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.getMessage())
        .contains("attempt 1 timed out after the request was sent and may have been processed");
  }

  @Test
  void timeoutThen429IsRateLimitedButNotClaimedUnprocessed() {
    server.enqueue(timeout());
    server.enqueue(status(429));

    transport(true);
    RateLimitedException e =
        catchThrowableOfType(
            () ->
                transport.execute(
                    ApiRequest.submit("{}".getBytes(StandardCharsets.UTF_8), "batches"),
                    RawResponse::bodyAsString,
                    RequestOptions.builder().maxRetries(1).build()),
            RateLimitedException.class);

    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(IOException.class);
  }

  @Test
  void a503AloneIsNotProcessedAndA500IsMaybe() {
    server.enqueue(status(503));
    server.enqueue(status(503));
    server.enqueue(status(503));
    ServerException unavailable =
        catchThrowableOfType(() -> post(transport(true)), ServerException.class);
    assertThat(unavailable.possiblyProcessed()).isFalse();

    server.enqueue(status(500));
    ServerException failed =
        catchThrowableOfType(() -> post(transport(false)), ServerException.class);
    assertThat(failed.possiblyProcessed()).isTrue();
    assertThat(failed.attempts()).isEqualTo(1);
  }

  @Test
  void aSuccessAfterAnAttemptInDoubtTellsTheParser() {
    server.enqueue(drop());
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    assertThat(post(transport(true))).isEqualTo("twice? ok");
  }

  @Test
  void aSuccessAfterOnlyDefiniteRefusalsIsDeliveredOnce() {
    server.enqueue(status(503));
    server.enqueue(status(429));
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    assertThat(post(transport(false))).isEqualTo("ok");
  }

  @Test
  void anUnreadable2xxToASubmissionMayHaveBeenProcessedButToAReadNot() {
    server.enqueue(new MockResponse.Builder().code(200).body("not json").build());
    server.enqueue(new MockResponse.Builder().code(200).body("not json").build());
    HttpTransport transport = transport(true);
    ResponseParser<Object> strict =
        raw -> Json.fromBytes(Json.MOSHI.adapter(java.util.Map.class), raw.body());

    MalformedResponseException submission =
        catchThrowableOfType(
            () ->
                transport.execute(
                    ApiRequest.submit("{}".getBytes(StandardCharsets.UTF_8), "batches"),
                    strict,
                    RequestOptions.NONE),
            MalformedResponseException.class);
    MalformedResponseException read =
        catchThrowableOfType(
            () -> transport.execute(ApiRequest.get("batches", "b1"), strict, RequestOptions.NONE),
            MalformedResponseException.class);

    assertThat(submission.possiblyProcessed()).isTrue();
    assertThat(read.possiblyProcessed()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aDropOnTheLastAttemptIsInDoubtEvenWithRetriesOn() {
    server.enqueue(status(503));
    server.enqueue(status(429));
    server.enqueue(drop());

    RequestInDoubtException e =
        catchThrowableOfType(() -> post(transport(true)), RequestInDoubtException.class);

    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.getSuppressed())
        .hasSize(2)
        .allSatisfy(s -> assertThat(((CallingestException) s).possiblyProcessed()).isFalse());
  }

  @Test
  void aDropBeforeSendingIsNotInDoubt() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    transport =
        new HttpTransport(
            ClientOptions.builder()
                .baseUrl("http://127.0.0.1:" + closedPort)
                .credentials(new HttpTransportTest.TestCredentials())
                .clock(time)
                .sleeper(time)
                .build(),
            HttpTransportTest.TestDecoder.INSTANCE);

    ConnectionException e = catchThrowableOfType(() -> post(transport), ConnectionException.class);

    assertThat(e).isExactlyInstanceOf(ConnectionException.class);
    assertThat(e.possiblyProcessed()).isFalse();
    assertThat(e.getSuppressed()).hasSize(2);
  }

  @Test
  void readsAreNeverPossiblyProcessed() {
    server.enqueue(drop());
    server.enqueue(status(500));
    server.enqueue(status(500));

    ServerException e = catchThrowableOfType(() -> get(transport(false)), ServerException.class);

    assertThat(e.possiblyProcessed()).isFalse();
    assertThat(e.attempts()).isEqualTo(3);
  }
}
