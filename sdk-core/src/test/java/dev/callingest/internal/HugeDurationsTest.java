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
 * Timeouts and deadlines longer than OkHttp's {@code int} milliseconds (24.8 days) or than an
 * {@link Instant} can hold: the transport clamps them instead of wrapping to a negative timeout or
 * overflowing, whatever the option builders accept.
 */
class HugeDurationsTest {
  static final Duration THIRTY_DAYS = Duration.ofDays(30);
  static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();

  @Test
  void perRequestTimeoutsAndDeadlineOverTwentyFourDaysAreClamped() {
    server.enqueue(new MockResponse.Builder().code(200).body("fine").build());
    try (HttpTransport transport = new HttpTransport(options().build(), TestDecoder.INSTANCE)) {
      RequestOptions huge = RequestOptions.builder()
          .connectTimeout(THIRTY_DAYS).readTimeout(THIRTY_DAYS).writeTimeout(THIRTY_DAYS)
          .callTimeout(FOREVER).deadline(FOREVER)
          .build();

      assertThat(transport.execute(ApiRequest.get("items"), TestDecoder::text, huge))
          .isEqualTo("fine");
    }
  }

  @Test
  void clientTimeoutsOverTwentyFourDaysAreClamped() {
    server.enqueue(new MockResponse.Builder().code(200).body("fine").build());
    ClientOptions.Builder options = options()
        .connectTimeout(THIRTY_DAYS).readTimeout(THIRTY_DAYS).writeTimeout(THIRTY_DAYS)
        .callTimeout(FOREVER).deadline(FOREVER);
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
    assertThat(Durations.plus(Instant.parse("2026-01-15T10:00:00Z"), FOREVER)).isEqualTo(Instant.MAX);
  }

  ClientOptions.Builder options() {
    return ClientOptions.builder()
        .baseUrl(server.url("/api/v1/"))
        .credentials(new TestCredentials())
        .clock(time)
        .sleeper(time);
  }
}
