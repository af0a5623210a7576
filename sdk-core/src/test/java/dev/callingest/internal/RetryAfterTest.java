package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  @Test
  void readsSecondsDecimalSecondsAndMilliseconds() {
    assertThat(RetryAfter.fromHeaders(Headers.of("Retry-After", "30"), NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.fromHeaders(Headers.of("Retry-After", "1.5"), NOW))
        .contains(Duration.ofMillis(1500));
    assertThat(RetryAfter.fromHeaders(Headers.of("Retry-After-Ms", "250"), NOW))
        .contains(Duration.ofMillis(250));
  }

  @Test
  void readsAnHttpDateRelativeToNowAndAPastDateAsZero() {
    assertThat(
            RetryAfter.fromHeaders(Headers.of("Retry-After", "Thu, 15 Jan 2026 10:01:30 GMT"), NOW))
        .contains(Duration.ofSeconds(90));
    assertThat(
            RetryAfter.fromHeaders(Headers.of("Retry-After", "Thu, 15 Jan 2026 09:00:00 GMT"), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertThat(RetryAfter.fromHeaders(Headers.of("Retry-After", "soon"), NOW)).isEmpty();
    assertThat(RetryAfter.fromHeaders(Headers.of("Retry-After", "-5"), NOW)).isEmpty();
    assertThat(RetryAfter.fromHeaders(Headers.of("Retry-After-Ms", "x", "Retry-After", "2"), NOW))
        .contains(Duration.ofSeconds(2));
    assertThat(RetryAfter.fromHeaders(Headers.of(), NOW)).isEmpty();
  }
}
