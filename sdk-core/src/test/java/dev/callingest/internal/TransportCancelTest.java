package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.BlockingSleeper;
import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.HoldingServer;
import dev.callingest.RequestEvent;
import dev.callingest.RequestOptions;
import dev.callingest.ServerException;
import dev.callingest.internal.HttpTransportTest.TestCredentials;
import dev.callingest.internal.HttpTransportTest.TestDecoder;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking {@code execute} given a {@link CancelSignal}, over real sockets: the signal cancels
 * the OkHttp call on the wire (the server sees its connection closed) and ends a backoff or a
 * pacing wait at once; the operation throws {@link CancelledException}, possibly processed exactly
 * when an attempt's body had been sent. The sleeper here never ends a wait by time, so a test that
 * finishes proves the signal ended it.
 */
@Timeout(60)
class TransportCancelTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();
  final BlockingSleeper sleeper = new BlockingSleeper();
  final CountDownLatch retryScheduled = new CountDownLatch(1);
  final List<String> ended = new CopyOnWriteArrayList<>();
  final CancelSignal cancel = CancelSignal.create();
  HttpTransport transport;

  final ClientEventListener listener =
      new ClientEventListener() {
        @Override
        public void retryScheduled(
            RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
          retryScheduled.countDown();
        }
      };

  /** Records how each attempt ended and lets every retry go. */
  final AttemptPacing recording =
      new AttemptPacing() {
        @Override
        public void attemptEnded(int attempt, Outcome outcome) {
          ended.add(attempt + " " + outcome);
        }

        @Override
        public void beforeRetry(int attempt, Instant deadline) {}

        @Override
        public java.util.Optional<Duration> tryBeforeRetry(
            int attempt, Instant waitingSince, Instant deadline) {
          return java.util.Optional.empty();
        }
      };

  @AfterEach
  void close() {
    if (transport != null) transport.close();
  }

  HttpTransport transport(ClientOptions.Builder options) {
    transport = new HttpTransport(options.build(), TestDecoder.INSTANCE, () -> 1.0);
    return transport;
  }

  ClientOptions.Builder options(okhttp3.HttpUrl baseUrl) {
    return ClientOptions.builder()
        .baseUrl(baseUrl)
        .credentials(new TestCredentials())
        .clock(time)
        .sleeper(sleeper)
        .eventListener(listener);
  }

  /** Runs a paced POST on a thread of its own, as an importer worker would. */
  CompletableFuture<String> postInBackground(HttpTransport transport, AttemptPacing pacing) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                result.complete(
                    transport.execute(
                        ApiRequest.submit("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "batches"),
                        TestDecoder::text,
                        RequestOptions.NONE,
                        time.instant(),
                        pacing,
                        cancel));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "worker");
    worker.start();
    return result;
  }

  static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) {
    ExecutionException e =
        catchThrowableOfType(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(type);
    return type.cast(e.getCause());
  }

  @Test
  void cancelOnTheWireCancelsTheCallAndTheSentBodyMayHaveBeenProcessed() throws Exception {
    try (HoldingServer holding = new HoldingServer()) {
      // No timeout would end the call before the test gives up: only the cancel can.
      HttpTransport transport =
          transport(
              options(holding.url("/api/v1/"))
                  .readTimeout(Duration.ofMinutes(10))
                  .callTimeout(Duration.ZERO));
      CompletableFuture<String> run = postInBackground(transport, recording);
      assertThat(holding.awaitRequest(30, TimeUnit.SECONDS)).isTrue();

      cancel.cancel();

      CancelledException e = failure(run, CancelledException.class);
      assertThat(e)
          .hasMessage(
              "cancelled during POST /api/v1/batches (attempt 1); the request was fully sent, so the"
                  + " server may have processed it");
      assertThat(e.possiblyProcessed()).isTrue();
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.getCause())
          .isInstanceOf(java.io.IOException.class)
          .isNotInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(holding.awaitClosedByClient(30, TimeUnit.SECONDS)).isTrue();
      assertThat(holding.requestCount()).isEqualTo(1);
      assertThat(ended).containsExactly("1 UNKNOWN");
    }
  }

  @Test
  void cancelInTheBackoffEndsTheWaitAtOnceAndNothingMoreIsSent() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "30")
            .body("{\"message\":\"busy\"}")
            .build());
    HttpTransport transport = transport(options(server.url("/api/v1/")));
    CompletableFuture<String> run = postInBackground(transport, recording);
    assertThat(retryScheduled.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sleeper.awaitWaiting(30, TimeUnit.SECONDS)).isTrue();

    cancel.cancel();

    CancelledException e = failure(run, CancelledException.class);
    assertThat(e)
        .hasMessage(
            "cancelled while waiting to retry POST /api/v1/batches; attempt 2 was not sent");
    assertThat(e.possiblyProcessed()).isFalse(); // a 503 is a definite refusal
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(ended).containsExactly("1 DEFINITE_REFUSAL");
  }

  @Test
  void cancelInTheBackoffAfterA500KeepsTheDoubt() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("{\"message\":\"oops\"}").build());
    HttpTransport transport = transport(options(server.url("/api/v1/")));
    CompletableFuture<String> run = postInBackground(transport, recording);
    assertThat(sleeper.awaitWaiting(30, TimeUnit.SECONDS)).isTrue();

    cancel.cancel();

    CancelledException e = failure(run, CancelledException.class);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.getMessage()).contains("attempt 1 answered HTTP 500 and may have been processed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancelInThePacingWaitBeforeARetryEndsItAtOnce() throws Exception {
    SlidingWindowPacer pacer =
        new SlidingWindowPacer(
            new SlidingWindowPacer.Config(
                "a batch",
                "batches",
                List.of(
                    new SlidingWindowPacer.Limit(
                        "batches", 1, Duration.ofHours(1), false, "batches")),
                0,
                "in-flight",
                Duration.ofMinutes(30),
                Duration.ofMinutes(5),
                Duration.ofHours(2),
                false),
            time,
            sleeper,
            ClientEventListener.NONE);
    // Acquired with the operation's signal, as the API clients do: the signal ends its waits.
    SlidingWindowPacer.Ticket ticket = pacer.acquire(1, null, cancel);
    // The 500 counts in the window of one: the retry must wait an hour for room.
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .addHeader("Retry-After", "0")
            .body("{\"message\":\"oops\"}")
            .build());
    HttpTransport transport = transport(options(server.url("/api/v1/")));
    CompletableFuture<String> run = postInBackground(transport, ticket);
    assertThat(sleeper.awaitWaiting(30, TimeUnit.SECONDS)).isTrue();

    cancel.cancel();

    CancelledException e = failure(run, CancelledException.class);
    assertThat(e)
        .hasMessageStartingWith(
            "cancelled while pacing the retry of POST /api/v1/batches; attempt 2 was not sent");
    assertThat(e.possiblyProcessed()).isTrue(); // the 500 may follow processing
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(pacer.used("batches")).isEqualTo(1); // only the first attempt counts
  }

  @Test
  void aRaisedSignalSendsNothing() {
    cancel.cancel();
    HttpTransport transport = transport(options(server.url("/api/v1/")));

    CancelledException e =
        catchThrowableOfType(
            CancelledException.class,
            () ->
                transport.execute(
                    ApiRequest.get("items"),
                    TestDecoder::text,
                    RequestOptions.NONE,
                    time.instant(),
                    AttemptPacing.NONE,
                    cancel));

    assertThat(e).hasMessage("cancelled before GET /api/v1/items; nothing was sent");
    assertThat(e.attempts()).isZero();
    assertThat(e.possiblyProcessed()).isFalse();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anInterruptInTheBackoffEndsItAndTheFlagStaysSet() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "30")
            .body("{\"message\":\"busy\"}")
            .build());
    HttpTransport transport = transport(options(server.url("/api/v1/")));
    AtomicReference<Thread> worker = new AtomicReference<>();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    CompletableFuture<String> run = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                run.complete(
                    transport.execute(
                        ApiRequest.submit("{}".getBytes(StandardCharsets.UTF_8), "batches"),
                        TestDecoder::text,
                        RequestOptions.NONE,
                        time.instant(),
                        recording,
                        cancel));
              } catch (Throwable e) {
                run.completeExceptionally(e);
              } finally {
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
              }
            });
    worker.set(thread);
    thread.start();
    assertThat(sleeper.awaitWaiting(30, TimeUnit.SECONDS)).isTrue();

    thread.interrupt();

    CallingestException e = failure(run, CallingestException.class);
    assertThat(e)
        .isNotInstanceOf(CancelledException.class)
        .hasMessage("interrupted while waiting to retry POST /api/v1/batches");
    assertThat(interruptedAfter.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
