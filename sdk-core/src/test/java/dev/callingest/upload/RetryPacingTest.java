package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.CallingestException;
import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every attempt of a submission is paced, not only its first: the transport reports each attempt's
 * end to the pacer and asks it before each retry, so a retry after an attempt the server may have
 * recorded waits for room in the windows instead of going out into a full one.
 */
class RetryPacingTest {
  private static final String ERROR_500 =
      "{\"success\":false,\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}}";
  private static final String ERROR_503 =
      "{\"success\":false,\"error\":{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"busy\"}}";

  @StartStop final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();
  private final Instant start = time.instant();

  /** Answers for the submissions, in order; once empty, every submission is accepted. */
  private final Deque<MockResponse> scripted = new ArrayDeque<>();

  /** When (on the fake clock) each submission attempt reached the server. */
  private final List<Instant> posts = new CopyOnWriteArrayList<>();

  private final List<String> waits = new CopyOnWriteArrayList<>();
  private UploadClient client;

  @AfterEach
  void tearDown() {
    if (client != null) client.close();
  }

  private UploadClient client(UploadPacing pacing, ClientOptions.Builder options) {
    AtomicInteger batches = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            posts.add(time.instant());
            synchronized (scripted) {
              if (!scripted.isEmpty()) return scripted.removeFirst();
            }
            return Fixtures.json(
                200,
                "{\"success\":true,\"batch_id\":\"b"
                    + batches.incrementAndGet()
                    + "\",\"calls_submitted\":2,\"status\":\"processing\"}");
          }
        });
    client =
        Fixtures.client(
            options
                .maxRetries(3)
                .eventListener(
                    new ClientEventListener() {
                      @Override
                      public void rateLimitWait(String limit, Duration wait) {
                        waits.add(limit);
                      }
                    })
                .build(),
            pacing);
    return client;
  }

  private UploadClient client(UploadPacing pacing) {
    return client(pacing, Fixtures.options(server, time));
  }

  private static UploadPacing batchesPerHour(int limit) {
    return UploadPacing.builder().batchesPerHour(limit).maxWait(Duration.ofHours(2)).build();
  }

  private void script(MockResponse... responses) {
    synchronized (scripted) {
      scripted.addAll(List.of(responses));
    }
  }

  private static Duration total(List<Duration> sleeps) {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Test
  void aRetryAfterA500WaitsForTheWindowInsteadOfSending() {
    client(batchesPerHour(2));
    client.submit(Fixtures.batch(2)); // one batch in this hour
    script(
        Fixtures.json(500, ERROR_500)); // the next one's first attempt may have been recorded too

    SubmissionReceipt receipt = client.submit(Fixtures.batch(2));

    assertThat(receipt.batchId()).isEqualTo("b2");
    // The retry went once the first batch left the window, an hour after it was recorded.
    assertThat(posts).containsExactly(start, start, start.plus(Duration.ofHours(1)));
    List<Duration> sleeps = time.sleeps();
    assertThat(sleeps).hasSize(2); // the backoff, then the rest of the hour
    assertThat(total(sleeps)).isEqualTo(Duration.ofHours(1));
    assertThat(waits).containsExactly(Pacer.BATCHES);
  }

  @Test
  void everyAttemptThatMayHaveBeenRecordedCountsAndADefiniteRefusalDoesNot() {
    client(UploadPacing.DEFAULT);
    script(Fixtures.json(500, ERROR_500), Fixtures.json(502, "{\"success\":false}"));
    client.submit(Fixtures.batch(2)); // 500, 502, accepted: three batches may exist

    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(3);
    assertThat(client.pacer().used(Pacer.CALLS)).isEqualTo(6);

    script(Fixtures.json(503, ERROR_503), Fixtures.json(429, "{\"success\":false}"));
    client.submit(Fixtures.batch(2)); // 503 and 429 recorded nothing: one batch more

    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(4);
    assertThat(client.pacer().used(Pacer.CALLS)).isEqualTo(8);
    assertThat(posts).hasSize(6);
  }

  @Test
  void aRetryAfterADefiniteRefusalGoesAtOnceThoughTheWindowHasRoomForOneOnly() {
    client(batchesPerHour(2));
    client.submit(Fixtures.batch(2));
    script(Fixtures.json(503, ERROR_503)); // refused: it does not use the second place

    client.submit(Fixtures.batch(2));

    assertThat(time.sleeps()).hasSize(1); // the backoff only
    assertThat(posts).hasSize(3);
    assertThat(waits).isEmpty();
  }

  @Test
  void theRequestsDeadlineCoversTheRetrysPacingWait() {
    client(batchesPerHour(2), Fixtures.options(server, time).deadline(Duration.ofMinutes(30)));
    client.submit(Fixtures.batch(2));
    script(Fixtures.json(500, ERROR_500));

    ServerException e =
        catchThrowableOfType(ServerException.class, () -> client.submit(Fixtures.batch(2)));

    // The request ends with its last attempt's answer, and says why nothing more was sent.
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.getSuppressed())
        .singleElement()
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            refusal -> {
              assertThat(refusal.isClientSide()).isTrue();
              assertThat(refusal)
                  .hasMessageContaining("2 batches were sent in the last hour")
                  .hasMessageContaining("after the request's deadline; attempt 2 was not sent");
            });
    assertThat(time.sleeps()).hasSize(1); // the backoff; the hour's wait was refused at once
    assertThat(posts).hasSize(2);
    // Its slot is free, its attempt still counts: the server may hold that batch.
    assertThat(client.pacer().inFlightCount()).isEqualTo(1);
    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(2);
  }

  @Test
  void aRetryWhoseWaitFitsTheDeadlineWaitsAndGoes() {
    client(batchesPerHour(2), Fixtures.options(server, time).deadline(Duration.ofMinutes(90)));
    client.submit(Fixtures.batch(2));
    script(Fixtures.json(500, ERROR_500));

    client.submit(Fixtures.batch(2));

    assertThat(posts).containsExactly(start, start, start.plus(Duration.ofHours(1)));
  }

  @Test
  void aRetryAfterAnAttemptWithNoAnswerWaitsForTheSlotThatAttemptMayHold() {
    client(
        UploadPacing.builder()
            .maxBatchesInFlight(1)
            .unknownOutcomeHold(Duration.ofMinutes(2))
            .maxWait(Duration.ofMinutes(3))
            .build());
    script(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    client.submit(Fixtures.batch(2));

    assertThat(posts).containsExactly(start, start.plus(Duration.ofMinutes(2)));
    assertThat(total(time.sleeps())).isEqualTo(Duration.ofMinutes(2));
    assertThat(waits).containsExactly(Pacer.IN_FLIGHT);
    assertThat(client.pacer().inFlightCount()).isEqualTo(1); // the accepted batch only
  }

  @Test
  void aRetryAfterARefusalKeepsTheRequestsOwnSlot() {
    client(UploadPacing.builder().maxBatchesInFlight(1).maxWait(Duration.ZERO).build());
    script(Fixtures.json(503, ERROR_503), Fixtures.json(500, ERROR_500));

    client.submit(Fixtures.batch(2));

    assertThat(posts).hasSize(3);
    assertThat(time.sleeps()).hasSize(2); // backoffs only
    assertThat(waits).isEmpty();
  }

  @Test
  void anInterruptEndsTheRetrysPacingWaitAndSendsNothingMore() throws Exception {
    CountDownLatch pacing = new CountDownLatch(1);
    FakeTime blocking =
        new FakeTime(start) {
          @Override
          public void sleep(Duration duration) throws InterruptedException {
            if (duration.compareTo(Duration.ofMinutes(10)) < 0) {
              super.sleep(duration);
              return;
            }
            pacing.countDown(); // the pacing wait: only an interrupt ends it
            Thread.sleep(Long.MAX_VALUE);
          }
        };
    client(batchesPerHour(2), Fixtures.options(server, time).clock(blocking).sleeper(blocking));
    client.submit(Fixtures.batch(2));
    script(Fixtures.json(500, ERROR_500));
    AtomicReference<Thread> submitter = new AtomicReference<>();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();

    CompletableFuture<SubmissionReceipt> run =
        CompletableFuture.supplyAsync(
            () -> {
              submitter.set(Thread.currentThread());
              try {
                return client.submit(Fixtures.batch(2));
              } finally {
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
              }
            },
            runnable -> new Thread(runnable, "submitter").start());
    assertThat(pacing.await(30, TimeUnit.SECONDS)).isTrue();
    submitter.get().interrupt();

    ExecutionException failed =
        catchThrowableOfType(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
    assertThat(failed.getCause())
        .isInstanceOfSatisfying(
            CallingestException.class,
            e -> {
              assertThat(e)
                  .hasMessageStartingWith(
                      "interrupted while pacing an upload batch; attempt 2 was not sent");
              assertThat(e.possiblyProcessed()).isTrue(); // the first attempt answered 500
              assertThat(e.getSuppressed()).singleElement().isInstanceOf(ServerException.class);
            });
    assertThat(interruptedAfter.get()).isTrue();
    assertThat(posts).hasSize(2);
  }
}
