package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RequestOptions;
import dev.callingest.internal.HttpTransportTest.TestCredentials;
import dev.callingest.internal.HttpTransportTest.TestDecoder;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Timeouts and deadlines at the longest the option builders accept (OkHttp's {@code int}
 * milliseconds, 24.8 days, for timeouts; {@link DurationLimits#MAX_WAIT} for the deadline; longer
 * ones are refused, see {@code DurationLimitsTest}) reach the transport intact, and the transport's
 * arithmetic clamps anything longer instead of wrapping to a negative timeout or overflowing.
 */
class HugeDurationsTest {
  static final Duration THIRTY_DAYS = Duration.ofDays(30);
  static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);
  static final Duration LONGEST_TIMEOUT = DurationLimits.MAX_TIMEOUT;
  static final Duration LONGEST_DEADLINE = DurationLimits.MAX_WAIT;

  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();

  @Test
  void perRequestTimeoutsAndDeadlineAtTheLongestAcceptedWork() {
    server.enqueue(new MockResponse.Builder().code(200).body("fine").build());
    try (HttpTransport transport = new HttpTransport(options().build(), TestDecoder.INSTANCE)) {
      RequestOptions huge =
          RequestOptions.builder()
              .connectTimeout(LONGEST_TIMEOUT)
              .readTimeout(LONGEST_TIMEOUT)
              .writeTimeout(LONGEST_TIMEOUT)
              .callTimeout(LONGEST_TIMEOUT)
              .deadline(LONGEST_DEADLINE)
              .build();

      assertThat(transport.execute(ApiRequest.get("items"), TestDecoder::text, huge))
          .isEqualTo("fine");
    }
  }

  @Test
  void clientTimeoutsAtTheLongestAcceptedWork() {
    server.enqueue(new MockResponse.Builder().code(200).body("fine").build());
    ClientOptions.Builder options =
        options()
            .connectTimeout(LONGEST_TIMEOUT)
            .readTimeout(LONGEST_TIMEOUT)
            .writeTimeout(LONGEST_TIMEOUT)
            .callTimeout(LONGEST_TIMEOUT)
            .deadline(LONGEST_DEADLINE);
    try (HttpTransport transport = new HttpTransport(options.build(), TestDecoder.INSTANCE)) {
      assertThat(transport.client().readTimeoutMillis()).isEqualTo(Integer.MAX_VALUE);
      assertThat(transport.execute(ApiRequest.get("items"), TestDecoder::text, RequestOptions.NONE))
          .isEqualTo("fine");
    }
  }

  @Test
  void durationArithmeticSaturates() {
    assertThat(Durations.millisClamped(THIRTY_DAYS)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Durations.millisClamped(Duration.ofNanos(1))).isEqualTo(1); // never "no timeout"
    assertThat(Durations.millisClamped(Duration.ofSeconds(3))).isEqualTo(3000);
    assertThat(Durations.nanosSaturated(FOREVER)).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.plus(Instant.parse("2026-01-15T10:00:00Z"), FOREVER))
        .isEqualTo(Instant.MAX);
  }

  ClientOptions.Builder options() {
    return ClientOptions.builder()
        .baseUrl(server.url("/api/v1/"))
        .credentials(new TestCredentials())
        .clock(time)
        .sleeper(time);
  }
}
