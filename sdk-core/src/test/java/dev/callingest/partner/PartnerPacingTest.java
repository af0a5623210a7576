package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class PartnerPacingTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime(Instant.parse("2026-01-15T10:00:00Z"));
  final List<Instant> sentAt = new CopyOnWriteArrayList<>();
  final List<String> waits = new CopyOnWriteArrayList<>();

  /** Answers given before the default success, in order. */
  final java.util.Queue<MockResponse> scripted = new java.util.concurrent.ConcurrentLinkedQueue<>();

  PartnerClient client(PartnerPacing pacing) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            sentAt.add(time.instant());
            MockResponse next = scripted.poll();
            if (next != null) return next;
            return new MockResponse.Builder().code(200).body("{\"success\":true}").build();
          }
        });
    return PartnerClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(server.url("/api/v1"))
                .credentials(PartnerCredentials.of("key", "secret", "tenant", "sub"))
                .clock(time)
                .sleeper(time)
                .eventListener(
                    new ClientEventListener() {
                      @Override
                      public void rateLimitWait(String limit, Duration wait) {
                        waits.add(limit + " " + wait.toSeconds() + "s");
                      }
                    })
                .build())
        .pacing(pacing)
        .build();
  }

  @Test
  void holdsSubmissionsToTheRequestsPerMinuteOnTheInjectedClock() {
    try (PartnerClient client =
        client(
            PartnerPacing.builder().requestsPerWindow(3).maxWait(Duration.ofMinutes(5)).build())) {
      for (int i = 0; i < 7; i++) client.submit(Fixtures.batchOf("c-" + i));
    }

    assertThat(sentAt).hasSize(7);
    for (Instant t : sentAt) {
      long sameMinute =
          sentAt.stream().filter(s -> s.getEpochSecond() / 60 == t.getEpochSecond() / 60).count();
      assertThat(sameMinute).as("requests in the minute of %s", t).isLessThanOrEqualTo(3);
    }
    assertThat(Duration.between(sentAt.get(0), sentAt.get(6))).isEqualTo(Duration.ofMinutes(2));
    // Three go at once; the fourth waits for the next minute, which also lets five and six through.
    assertThat(waits)
        .containsExactly("partner.requests-per-minute 60s", "partner.requests-per-minute 60s");
  }

  @Test
  void aRetryWaitsForRoomInTheMinuteLikeTheFirstAttempt() {
    scripted.add(
        new MockResponse.Builder()
            .code(500)
            .body("{\"success\":false,\"message\":\"Internal server error\"}")
            .build());
    try (PartnerClient client =
        client(
            PartnerPacing.builder().requestsPerWindow(1).maxWait(Duration.ofMinutes(5)).build())) {
      client.submit(Fixtures.batchOf("c-1"));
    }

    // The answered attempt counts in the server's minute: the retry goes a minute after it, not
    // when the backoff ends.
    Instant start = Instant.parse("2026-01-15T10:00:00Z");
    assertThat(sentAt).containsExactly(start, start.plus(Duration.ofMinutes(1)));
    assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(waits).singleElement().asString().startsWith("partner.requests-per-minute");
  }

  @Test
  void countsASlidingMinuteSoNoBurstDoublesAtAMinuteEdge() {
    time.advance(Duration.ofSeconds(50)); // three requests late in one clock minute
    try (PartnerClient client =
        client(
            PartnerPacing.builder().requestsPerWindow(3).maxWait(Duration.ofMinutes(5)).build())) {
      for (int i = 0; i < 6; i++) client.submit(Fixtures.batchOf("c-" + i));
    }

    // A fixed-minute limiter would let the next three go at 10:01:00, six within 10 s.
    assertThat(sentAt.get(3)).isEqualTo(sentAt.get(0).plus(Duration.ofMinutes(1)));
    for (Instant t : sentAt) {
      long inWindow =
          sentAt.stream().filter(s -> !s.isBefore(t) && s.isBefore(t.plusSeconds(60))).count();
      assertThat(inWindow).as("requests in the minute from %s", t).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void theWindowIsConfigurable() {
    try (PartnerClient client =
        client(
            PartnerPacing.builder().requestsPerWindow(2).window(Duration.ofSeconds(10)).build())) {
      for (int i = 0; i < 5; i++) client.submit(Fixtures.batchOf("c-" + i));
      assertThat(client.pacing().window()).isEqualTo(Duration.ofSeconds(10));
    }

    assertThat(Duration.between(sentAt.get(0), sentAt.get(4))).isEqualTo(Duration.ofSeconds(20));
    assertThat(waits)
        .containsExactly("partner.requests-per-minute 10s", "partner.requests-per-minute 10s");
  }

  @Test
  void failsFastWhenThePermitIsFurtherAwayThanMaxWait() {
    try (PartnerClient client =
        client(
            PartnerPacing.builder().requestsPerWindow(1).maxWait(Duration.ofSeconds(10)).build())) {
      client.submit(Fixtures.batchOf("c-1"));

      assertThatThrownBy(() -> client.submit(Fixtures.batchOf("c-2")))
          .isInstanceOfSatisfying(
              RateLimitedException.class,
              e -> {
                assertThat(e.isClientSide()).isTrue();
                assertThat(e.attempts()).isZero();
              });
    }
    assertThat(sentAt).hasSize(1);
  }

  @Test
  void isOffByDefault() {
    try (PartnerClient client = client(PartnerPacing.DISABLED)) {
      for (int i = 0; i < 20; i++) client.submit(Fixtures.batchOf("c-" + i));
    }
    assertThat(sentAt).hasSize(20);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void pacingIsConfiguredThroughABuilderLikeUploadPacing() {
    PartnerPacing pacing =
        PartnerPacing.builder().requestsPerWindow(600).window(Duration.ofMinutes(10)).build();

    assertThat(pacing.enabled()).isTrue();
    assertThat(pacing.requestsPerWindow()).isEqualTo(600);
    assertThat(pacing.window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(pacing.maxWait()).isEqualTo(Duration.ofMinutes(1));
    assertThat(pacing.newBuilder().maxWait(Duration.ZERO).build().toString())
        .isEqualTo("PartnerPacing{requestsPerWindow=600, window=PT10M, maxWait=PT0S}");
    assertThat(pacing.newBuilder().enabled(false).build().requestsPerWindow()).isZero();
    assertThat(PartnerPacing.DEFAULT).isSameAs(PartnerPacing.DISABLED);
    assertThat(PartnerPacing.DISABLED.enabled()).isFalse();
  }

  @Test
  void enabledPacingNeedsALimit() {
    assertThatThrownBy(() -> PartnerPacing.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("requestsPerWindow is required when pacing is enabled");
    assertThatThrownBy(() -> PartnerPacing.builder().requestsPerWindow(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestsPerWindow must be positive: 0");
  }
}
