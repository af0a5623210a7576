package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ClientEventListener;
import dev.callingest.FakeTime;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pacing after the server's faults: what counts, what frees a slot, and nothing locks the client
 * out.
 */
class PacingFaultsTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();
  private final List<String> waits = new CopyOnWriteArrayList<>();

  /** Answers for the submissions, in order; once empty, every submission is accepted. */
  private final Deque<MockResponse> scripted = new ArrayDeque<>();

  private final AtomicInteger posts = new AtomicInteger();
  private UploadClient client;

  @AfterEach
  void tearDown() {
    if (client != null) client.close();
  }

  private UploadClient client(UploadPacing pacing, int maxRetries) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getMethod().equals("POST")) {
              int n = posts.incrementAndGet();
              synchronized (scripted) {
                if (!scripted.isEmpty()) return scripted.removeFirst();
              }
              return Fixtures.json(
                  200,
                  "{\"success\":true,\"batch_id\":\"b"
                      + n
                      + "\",\"calls_submitted\":1,\"status\":\"processing\"}");
            }
            String id = request.getUrl().pathSegments().get(3);
            return Fixtures.json(200, Fixtures.status(id, "completed", 1, 1, 0, ""));
          }
        });
    ClientEventListener listener =
        new ClientEventListener() {
          @Override
          public void rateLimitWait(String limit, Duration wait) {
            waits.add(limit + " " + wait);
          }
        };
    client =
        Fixtures.client(
            Fixtures.options(server, time).maxRetries(maxRetries).eventListener(listener).build(),
            pacing);
    return client;
  }

  private void script(int count, MockResponse response) {
    for (int i = 0; i < count; i++) scripted.add(response);
  }

  @Test
  void aBurstOf500sDoesNotLockTheClientOut() {
    client(UploadPacing.DEFAULT, 2);
    script(
        30,
        Fixtures.json(
            500,
            "{\"success\":false,\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}}"));
    for (int i = 0; i < 10; i++) {
      assertThat(
              catchThrowableOfType(ServerException.class, () -> client.submit(Fixtures.batch(1))))
          .isNotNull();
    }
    List<Duration> backoffs = time.sleeps();

    SubmissionReceipt receipt = client.submit(Fixtures.batch(1));

    assertThat(receipt.batchId()).isEqualTo("b31");
    assertThat(time.sleeps()).isEqualTo(backoffs); // no pacing wait at all
    assertThat(waits).isEmpty();
    // Every answered 500 may have created a batch: all 30 attempts count, the slots are free.
    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(31);
    assertThat(client.pacer().inFlightCount()).isEqualTo(1);
  }

  @Test
  void aBatchRefusedAsInvalidDoesNotUseTheBudget() {
    client(UploadPacing.builder().batchesPerHour(1).maxWait(Duration.ZERO).build(), 0);
    script(1, Fixtures.json(400, Fixtures.VALIDATION_ERROR));
    catchThrowableOfType(ServerValidationException.class, () -> client.submit(Fixtures.batch(1)));

    client.submit(Fixtures.batch(1));

    assertThat(posts).hasValue(2);
    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(1);
  }

  @Test
  void anInDoubtRetryCountsTheSecondBatchItMayHaveCreated() {
    client(UploadPacing.builder().batchesPerHour(2).maxWait(Duration.ZERO).build(), 2);
    script(1, Fixtures.json(502, "{\"success\":false}"));
    client.submit(Fixtures.batch(1)); // 502, then accepted: two batches may exist

    RateLimitedException e =
        catchThrowableOfType(RateLimitedException.class, () -> client.submit(Fixtures.batch(1)));

    assertThat(e.isClientSide()).isTrue();
    assertThat(e).hasMessageContaining("2 batches were sent in the last hour");
    assertThat(posts).hasValue(2);
  }

  @Test
  void a429NamingTheConcurrentBatchLimitHoldsSubmissionsForItsWait() {
    client(UploadPacing.DEFAULT, 0);
    scripted.add(
        Fixtures.json(
                429,
                "{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\",\"message\":"
                    + "\"Too many concurrent batches (limit 10): wait for one to finish\"}}")
            .newBuilder()
            .setHeader("Retry-After", "3")
            .build());
    RateLimitedException refused =
        catchThrowableOfType(RateLimitedException.class, () -> client.submit(Fixtures.batch(1)));
    assertThat(refused.isClientSide()).isFalse();

    client.submit(Fixtures.batch(1));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    assertThat(waits).containsExactly("upload.batches-in-flight PT3S");
    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(1); // the 429 did not count
  }

  @Test
  void aSubmissionWithNoAnswerHoldsItsSlotForTheUnknownOutcomeHoldOnly() {
    client(
        UploadPacing.builder()
            .maxBatchesInFlight(1)
            .unknownOutcomeHold(Duration.ofMinutes(2))
            .maxWait(Duration.ofMinutes(3))
            .build(),
        0);
    scripted.add(
        new MockResponse.Builder()
            .onResponseStart(new mockwebserver3.SocketEffect.CloseSocket())
            .build());
    catchThrowableOfType(
        dev.callingest.CallingestException.class, () -> client.submit(Fixtures.batch(1)));
    assertThat(client.pacer().inFlightCount()).isEqualTo(1);

    client.submit(Fixtures.batch(1));

    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(2));
    assertThat(client.pacer().used(Pacer.BATCHES)).isEqualTo(2);
  }
}
