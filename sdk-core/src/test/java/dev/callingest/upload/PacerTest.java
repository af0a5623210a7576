package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ClientEventListener;
import dev.callingest.FakeTime;
import dev.callingest.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pacing end to end: what reaches the server, and when on the fake clock. */
class PacerTest {
  private final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();

  /** The fake-clock time at which each submission reached the server. */
  private final List<Instant> arrivals = new CopyOnWriteArrayList<>();

  private final List<String> waits = new CopyOnWriteArrayList<>();
  private final AtomicInteger batchIds = new AtomicInteger();
  private UploadClient client;

  @BeforeEach
  void setUp() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getMethod().equals("POST")) {
              arrivals.add(time.instant());
              return Fixtures.json(
                  200,
                  "{\"success\":true,\"batch_id\":\"b"
                      + batchIds.incrementAndGet()
                      + "\",\"calls_submitted\":1,\"status\":\"submitted\"}");
            }
            String id = request.getUrl().pathSegments().get(3);
            return Fixtures.json(200, Fixtures.status(id, "completed", 1, 1, 0, ""));
          }
        });
    server.start();
  }

  @AfterEach
  void tearDown() {
    if (client != null) client.close();
    server.close();
  }

  private UploadClient client(UploadPacing pacing) {
    ClientEventListener listener =
        new ClientEventListener() {
          @Override
          public void rateLimitWait(String limit, Duration wait) {
            waits.add(limit + " " + wait);
          }
        };
    client =
        Fixtures.client(Fixtures.options(server, time).eventListener(listener).build(), pacing);
    return client;
  }

  /** Sends {@code count} one-call batches, {@code gap} apart on the fake clock. */
  private void submit(int count, Duration gap) {
    for (int i = 0; i < count; i++) {
      client.submit(Fixtures.batch(1));
      time.advance(gap);
    }
  }

  @Test
  void batch101WithinASlidingHourWaitsUntilTheFirstIsAnHourOld() {
    client(UploadPacing.builder().maxBatchesInFlight(1000).maxWait(Duration.ofHours(1)).build());
    time.advance(
        Duration.ofMinutes(50)); // a fixed hourly window starting at creation would reset at 60
    submit(100, Duration.ofSeconds(6)); // the 100th goes at 9 min 54 s, the clock then reads 10 min

    client.submit(Fixtures.batch(1));

    Instant first = arrivals.get(0);
    assertThat(arrivals).hasSize(101);
    assertThat(arrivals.subList(0, 100))
        .allMatch(at -> at.isBefore(first.plus(Duration.ofMinutes(10))));
    assertThat(arrivals.get(100)).isEqualTo(first.plus(Duration.ofHours(1)));
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(50));
    assertThat(waits).containsExactly("upload.batches-per-hour PT50M");
  }

  @Test
  void batch101FailsFastWhenTheWaitIsLongerThanMaxWait() {
    client(UploadPacing.builder().maxBatchesInFlight(1000).build());
    submit(100, Duration.ofSeconds(1));

    RateLimitedException e =
        catchThrowableOfType(RateLimitedException.class, () -> client.submit(Fixtures.batch(1)));

    assertThat(e.isClientSide()).isTrue();
    // The first batch went at 0 s and the clock reads 100 s: it frees its slot in 3500 s.
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3500));
    assertThat(e).hasMessageContaining("100 batches were sent in the last hour");
    assertThat(arrivals).hasSize(100);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void callsPerHourLimitHoldsWithRaisedLimits() {
    client(
        UploadPacing.builder()
            .batchesPerHour(500)
            .callsPerHour(250)
            .maxBatchesInFlight(1000)
            .maxWait(Duration.ofHours(2))
            .build());
    client.submit(Fixtures.batch(100));
    time.advance(Duration.ofMinutes(10));
    client.submit(Fixtures.batch(100));
    time.advance(Duration.ofMinutes(10));

    client.submit(
        Fixtures.batch(60)); // 260 calls in the hour: must wait until the first 100 age out

    assertThat(arrivals.get(2)).isEqualTo(arrivals.get(0).plus(Duration.ofHours(1)));
    assertThat(waits).containsExactly("upload.calls-per-hour PT40M");
  }

  @Test
  void atMostTenBatchesAreInFlightAndTheEleventhFailsOnlyAfterWaitingMaxWait() {
    client(UploadPacing.DEFAULT);
    submit(10, Duration.ofSeconds(1));

    RateLimitedException e =
        catchThrowableOfType(RateLimitedException.class, () -> client.submit(Fixtures.batch(1)));

    assertThat(e.isClientSide()).isTrue();
    assertThat(e)
        .hasMessageContaining("10 upload batches are in flight")
        .hasMessageContaining("no slot freed within maxWait 60 s (waited 60 s)");
    // It waited the whole minute for a batch to finish, not the 30-minute expiry.
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(1));
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
    assertThat(arrivals).hasSize(10);

    assertThat(client.status("b4").status()).isEqualTo(BatchState.COMPLETED);
    client.submit(Fixtures.batch(1));

    assertThat(arrivals).hasSize(11);
    assertThat(client.pacer().inFlightCount()).isEqualTo(10);
  }

  @Test
  void inFlightBatchStopsCountingAfterTheExpiry() {
    client(
        UploadPacing.builder()
            .maxBatchesInFlight(2)
            .inFlightExpiry(Duration.ofMinutes(5))
            .maxWait(Duration.ofMinutes(10))
            .build());
    submit(2, Duration.ZERO);

    client.submit(Fixtures.batch(1));

    assertThat(arrivals.get(2)).isEqualTo(arrivals.get(0).plus(Duration.ofMinutes(5)));
    assertThat(waits).containsExactly("upload.batches-in-flight PT5M");
    // One wait on the slots' condition, bounded by the earliest expiry; no polling.
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(5));
  }

  @Test
  void disabledPacingSendsAtOnce() {
    client(UploadPacing.DISABLED);

    submit(101, Duration.ZERO);

    assertThat(arrivals).hasSize(101);
    assertThat(time.sleeps()).isEmpty();
  }
}
