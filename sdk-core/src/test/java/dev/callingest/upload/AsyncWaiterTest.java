package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code awaitCompletionAsync}: the sync waiter's schedule, without a thread held between polls.
 */
@Timeout(60)
class AsyncWaiterTest {
  @StartStop final MockWebServer server = new MockWebServer();
  UploadClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  static final WaitOptions WAIT =
      WaitOptions.builder()
          .interval(Duration.ofSeconds(10), Duration.ofSeconds(40))
          .timeout(Duration.ofMinutes(5))
          .build();

  void enqueueTwoPollsThenCompleted() {
    server.enqueue(Fixtures.json(200, Fixtures.status("b1", "processing", 1, 0, 0, "")));
    server.enqueue(
        Fixtures.json(
                429,
                "{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\","
                    + "\"message\":\"slow down\"}}")
            .newBuilder()
            .addHeader("Retry-After", "25")
            .build());
    server.enqueue(Fixtures.json(200, Fixtures.status("b1", "completed", 1, 1, 0, "")));
  }

  @Test
  void waitsOnTheSameScheduleAsTheBlockingWaiter() throws Exception {
    FakeTime syncTime = new FakeTime();
    enqueueTwoPollsThenCompleted();
    try (UploadClient sync =
        Fixtures.client(
            Fixtures.options(server, syncTime).maxRetries(0).build(), UploadPacing.DISABLED)) {
      assertThat(sync.awaitCompletion("b1", WAIT).rawStatus()).isEqualTo("completed");
    }

    FakeTime asyncTime = new FakeTime();
    enqueueTwoPollsThenCompleted();
    List<String> seen = new CopyOnWriteArrayList<>();
    client =
        Fixtures.client(
            Fixtures.options(server, asyncTime).maxRetries(0).build(), UploadPacing.DISABLED);
    BatchStatus done =
        client
            .awaitCompletionAsync(
                "b1",
                WaitOptions.builder()
                    .interval(Duration.ofSeconds(10), Duration.ofSeconds(40))
                    .timeout(Duration.ofMinutes(5))
                    .progressListener(s -> seen.add(s.rawStatus()))
                    .build())
            .get(30, TimeUnit.SECONDS);

    assertThat(done.rawStatus()).isEqualTo("completed");
    assertThat(seen).containsExactly("processing", "completed");
    assertThat(asyncTime.sleeps()).isEqualTo(syncTime.sleeps());
    assertThat(asyncTime.sleeps()).hasSize(3).element(2).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void endsWithTheTimeoutCarryingTheLastStatus() throws Exception {
    for (int i = 0; i < 20; i++) {
      server.enqueue(Fixtures.json(200, Fixtures.status("b1", "processing", 1, 0, 0, "")));
    }
    client =
        Fixtures.client(Fixtures.options(server, new FakeTime()).build(), UploadPacing.DISABLED);

    CompletableFuture<BatchStatus> wait =
        client.awaitCompletionAsync(
            "b1",
            WaitOptions.builder()
                .interval(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .timeout(Duration.ofSeconds(35))
                .build());

    ExecutionException e =
        catchThrowableOfType(ExecutionException.class, () -> wait.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            BatchWaitTimeoutException.class,
            timeout -> assertThat(timeout.lastStatus().rawStatus()).isEqualTo("processing"));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void cancellingEndsTheWaitAndNothingIsPolled() throws Exception {
    client =
        UploadClient.create(
            ClientOptions.builder()
                .baseUrl(server.url("/"))
                .credentials(UploadCredentials.of(Fixtures.API_KEY))
                .build());
    CompletableFuture<BatchStatus> wait =
        client.awaitCompletionAsync(
            "b1",
            WaitOptions.builder()
                .interval(Duration.ofMinutes(10), Duration.ofMinutes(10))
                .timeout(Duration.ofHours(1))
                .build());

    assertThat(wait.cancel(true)).isTrue();

    assertThat(wait).isCancelled();
    client.close(); // the cancelled timer task is gone: nothing is left to poll
    assertThat(server.getRequestCount()).isZero();
  }
}
