package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.CancelledException;
import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.HoldingServer;
import dev.callingest.RequestEvent;
import dev.callingest.RequestOptions;
import dev.callingest.Sleeper;
import dev.callingest.internal.HttpTransportTest.TestCredentials;
import dev.callingest.internal.HttpTransportTest.TestDecoder;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The asynchronous transport over real sockets: waits are timer tasks (an injected timer records
 * them), never sleeps (the sleeper here fails any test that sleeps), the one continuation thread is
 * never held, and cancelling a returned future cancels the call, the wait and the reservation.
 */
@Timeout(60)
class AsyncTransportTest {
  static final Sleeper NO_SLEEP =
      duration -> {
        throw new AssertionError("the async path slept " + duration);
      };

  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();
  final ExecutorService continuations =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "continuations"));
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> settled = new CopyOnWriteArrayList<>();
  final ClientEventListener listener =
      new ClientEventListener() {
        @Override
        public void retryScheduled(
            RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
          events.add("retry after " + reason + " in " + delay.toMillis() + " ms");
        }

        @Override
        public void rateLimitWait(String limit, Duration wait) {
          events.add("pacing " + limit + " " + wait);
        }
      };
  HttpTransport transport;
  TestTimer timer;

  @AfterEach
  void close() {
    if (transport != null) transport.close();
    continuations.shutdownNow();
  }

  HttpTransport transport(HttpUrl baseUrl, TestTimer timer) {
    return transport(ClientOptions.builder().baseUrl(baseUrl), timer);
  }

  HttpTransport transport(ClientOptions.Builder options, TestTimer timer) {
    this.timer = timer;
    transport =
        new HttpTransport(
            options
                .credentials(new TestCredentials())
                .clock(time)
                .sleeper(NO_SLEEP)
                .asyncExecutor(continuations)
                .eventListener(listener)
                .build(),
            TestDecoder.INSTANCE,
            () -> 1.0,
            timer);
    return transport;
  }

  SlidingWindowPacer pacer(List<SlidingWindowPacer.Limit> limits, int inFlight) {
    return new SlidingWindowPacer(
        new SlidingWindowPacer.Config(
            "a batch",
            "batches",
            limits,
            inFlight,
            "in-flight",
            Duration.ofMinutes(30),
            Duration.ofMinutes(5),
            Duration.ofHours(2),
            false),
        time,
        NO_SLEEP,
        listener);
  }

  static ApiRequest post() {
    return ApiRequest.submit("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "batches");
  }

  /** Releases the ticket as the API clients do, and records how. */
  <T> HttpTransport.Settlement<T> settle(SlidingWindowPacer pacer) {
    return (ticket, value, failure) -> {
      Outcome outcome =
          failure == null
              ? Outcome.ACCEPTED
              : ((CancelledException) failure).possiblyProcessed()
                  ? Outcome.UNKNOWN
                  : Outcome.NOT_SENT;
      pacer.release(ticket, outcome, failure == null ? "b1" : null);
      settled.add(outcome + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
      return failure;
    };
  }

  /** Waits until every task given to the one continuation thread so far has run. */
  void drainContinuations() throws Exception {
    continuations.submit(() -> {}).get(30, TimeUnit.SECONDS);
  }

  @Test
  void aRetryAfterIsATimerTaskNotASleep() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .body("{\"message\":\"slow down\"}")
            .build());
    server.enqueue(new MockResponse.Builder().code(200).body("done").build());
    HttpTransport transport = transport(server.url("/api/v1/"), TestTimer.automatic());

    CompletableFuture<String> result =
        transport.executeAsync(post(), TestDecoder::text, RequestOptions.NONE);

    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(timer.delays()).containsExactly(Duration.ofSeconds(7));
    assertThat(events).containsExactly("retry after HTTP 429 in 7000 ms");
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getHeaders().get("Callingest-Attempt")).isEqualTo("2");
    assertThat(second.getHeaders().get("Idempotency-Key"))
        .isNotBlank()
        .isEqualTo(first.getHeaders().get("Idempotency-Key"));
  }

  @Test
  void noContinuationThreadIsHeldWhileTheCallIsOnTheWire() throws Exception {
    try (HoldingServer holding = new HoldingServer()) {
      HttpTransport transport =
          transport(
              ClientOptions.builder()
                  .baseUrl(holding.url("/api/v1/"))
                  .readTimeout(Duration.ofMinutes(10))
                  .callTimeout(Duration.ZERO),
              TestTimer.manual());
      CompletableFuture<String> result =
          transport.executeAsync(ApiRequest.get("items"), TestDecoder::text, RequestOptions.NONE);
      assertThat(holding.awaitRequest(30, TimeUnit.SECONDS)).isTrue();

      // The executor's only thread is free to run anything else meanwhile.
      assertThat(continuations.submit(() -> "free").get(30, TimeUnit.SECONDS)).isEqualTo("free");
      assertThat(result).isNotDone();
      result.cancel(true);
      assertThat(holding.awaitClosedByClient(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void cancellingAFutureOnTheWireCancelsTheCallAndSettlesTheSlotAsInDoubt() throws Exception {
    SlidingWindowPacer pacer = pacer(List.of(), 1);
    try (HoldingServer holding = new HoldingServer()) {
      HttpTransport transport =
          transport(
              ClientOptions.builder()
                  .baseUrl(holding.url("/api/v1/"))
                  .readTimeout(Duration.ofMinutes(10))
                  .callTimeout(Duration.ZERO),
              TestTimer.manual());
      CompletableFuture<String> result =
          transport.executePacedAsync(
              pacer,
              1,
              post(),
              TestDecoder::text,
              RequestOptions.NONE,
              time.instant(),
              settle(pacer));
      assertThat(holding.awaitRequest(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pacer.inFlightCount()).isEqualTo(1);

      assertThat(result.cancel(true)).isTrue();

      assertThat(result).isCancelled();
      assertThat(catchThrowableOfType(CancellationException.class, result::join)).isNotNull();
      // The server sees the connection closed: the call was cancelled, not abandoned.
      assertThat(holding.awaitClosedByClient(30, TimeUnit.SECONDS)).isTrue();
      awaitSettled(1);
      // The body was fully sent: the batch may exist, so the slot is held for the unknown
      // outcome...
      assertThat(settled).containsExactly("UNKNOWN CancelledException");
      assertThat(pacer.inFlightCount()).isEqualTo(1);
      time.advance(Duration.ofMinutes(5).plusSeconds(1));
      // ...and then free again.
      assertThat(pacer.inFlightCount()).isZero();
      assertThat(holding.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void cancellingAFutureWaitingForPacingSendsNothingAndLeavesTheWindowAsItWas() throws Exception {
    SlidingWindowPacer pacer =
        pacer(
            List.of(
                new SlidingWindowPacer.Limit("batches", 1, Duration.ofHours(1), false, "batches")),
            0);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "earlier");
    HttpTransport transport = transport(server.url("/api/v1/"), TestTimer.manual());

    CompletableFuture<String> result =
        transport.executePacedAsync(
            pacer,
            1,
            post(),
            TestDecoder::text,
            RequestOptions.NONE,
            time.instant(),
            settle(pacer));
    drainContinuations();
    assertThat(result).isNotDone();
    assertThat(timer.delays()).containsExactly(Duration.ofHours(1));
    assertThat(events).containsExactly("pacing batches PT1H");

    assertThat(result.cancel(false)).isTrue();
    drainContinuations();

    assertThat(result).isCancelled();
    assertThat(timer.scheduled()).singleElement().satisfies(t -> assertThat(t.cancelled).isTrue());
    assertThat(server.getRequestCount()).isZero();
    assertThat(pacer.used("batches")).isEqualTo(1);
    assertThat(settled).isEmpty(); // no ticket was ever granted
  }

  @Test
  void aFreedSlotLetsAWaitingSubmissionGoAtOnceWithoutItsTimer() throws Exception {
    SlidingWindowPacer pacer = pacer(List.of(), 1);
    SlidingWindowPacer.Ticket other = pacer.acquire(1);
    server.enqueue(new MockResponse.Builder().code(200).body("done").build());
    HttpTransport transport = transport(server.url("/api/v1/"), TestTimer.manual());

    CompletableFuture<String> result =
        transport.executePacedAsync(
            pacer,
            1,
            post(),
            TestDecoder::text,
            RequestOptions.NONE,
            time.instant(),
            settle(pacer));
    drainContinuations();
    assertThat(result).isNotDone();
    assertThat(server.getRequestCount()).isZero();

    pacer.release(other, Outcome.DEFINITE_REFUSAL, null);

    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(timer.scheduled()).singleElement().satisfies(t -> assertThat(t.cancelled).isTrue());
    assertThat(settled).containsExactly("ACCEPTED");
    assertThat(pacer.inFlightCount()).isEqualTo(1); // the accepted batch holds its slot
  }

  @Test
  void theDeadlineRefusesAnAsyncPacingWaitThatWouldPassIt() throws Exception {
    SlidingWindowPacer pacer =
        pacer(
            List.of(
                new SlidingWindowPacer.Limit("batches", 1, Duration.ofHours(1), false, "batches")),
            0);
    pacer.release(pacer.acquire(1), Outcome.ACCEPTED, "earlier");
    HttpTransport transport = transport(server.url("/api/v1/"), TestTimer.manual());

    CompletableFuture<String> result =
        transport.executePacedAsync(
            pacer,
            1,
            post(),
            TestDecoder::text,
            RequestOptions.builder().deadline(Duration.ofMinutes(1)).build(),
            time.instant(),
            settle(pacer));

    ExecutionException e =
        catchThrowableOfType(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause())
        .isInstanceOf(dev.callingest.RateLimitedException.class)
        .hasMessageContaining("after the request's deadline; nothing was sent");
    assertThat(server.getRequestCount()).isZero();
    assertThat(timer.delays()).isEmpty();
  }

  @Test
  void closingTheTransportEndsTheOperationsStillWaiting() throws Exception {
    SlidingWindowPacer pacer = pacer(List.of(), 1);
    pacer.acquire(1);
    HttpTransport transport = transport(server.url("/api/v1/"), TestTimer.manual());
    CompletableFuture<String> result =
        transport.executePacedAsync(
            pacer,
            1,
            post(),
            TestDecoder::text,
            RequestOptions.NONE,
            time.instant(),
            settle(pacer));
    drainContinuations();

    transport.close();

    ExecutionException e =
        catchThrowableOfType(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause())
        .isInstanceOf(CancelledException.class)
        .hasMessage("cancelled while pacing POST /api/v1/batches; nothing was sent");
    assertThat(server.getRequestCount()).isZero();
  }

  private void awaitSettled(int count) throws InterruptedException {
    // Settling follows OkHttp's callback for the cancelled call; wait for it, bounded.
    for (int i = 0; i < 3000 && settled.size() < count; i++) Thread.sleep(10);
    assertThat(settled).hasSize(count);
  }

  @Test
  void aParserThatThrowsSomethingUnexpectedFailsTheFutureInsteadOfLosingIt() {
    server.enqueue(new MockResponse.Builder().code(200).body("done").build());
    HttpTransport transport = transport(server.url("/api/v1/"), TestTimer.manual());

    CompletableFuture<String> result =
        transport.executeAsync(
            ApiRequest.get("items"),
            raw -> {
              throw new UnsupportedOperationException("parser bug");
            },
            RequestOptions.NONE);

    ExecutionException e =
        catchThrowableOfType(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("parser bug");
  }
}
