package dev.callingest.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Duration arithmetic that cannot overflow: a setting may be as long as {@link Duration} allows
 * (the option builders say what they accept), and the transport must neither throw nor wrap around
 * when it turns one into the {@code int} milliseconds or {@code long} nanoseconds OkHttp takes, or
 * adds one to the current time.
 */
final class Durations {
  private Durations() {}

  /** {@code at + duration}, or {@link Instant#MAX} when that is past what an instant can hold. */
  static Instant plus(Instant at, Duration duration) {
    try {
      return at.plus(duration);
    } catch (ArithmeticException | DateTimeException e) {
      return duration.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }

  /**
   * The duration in whole milliseconds for an OkHttp timeout, at most {@link Integer#MAX_VALUE}
   * (about 24.8 days). A positive duration below a millisecond is 1 ms, never 0, which OkHttp reads
   * as no timeout at all.
   */
  static int millisClamped(Duration duration) {
    if (duration.isNegative() || duration.isZero()) return 0;
    if (duration.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) return Integer.MAX_VALUE;
    long millis = duration.toMillis();
    return millis == 0 ? 1 : (int) millis;
  }

  /** The duration in nanoseconds, at most {@link Long#MAX_VALUE} (about 292 years). */
  static long nanosSaturated(Duration duration) {
    if (duration.isNegative()) return 0;
    if (duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0) return Long.MAX_VALUE;
    return duration.toNanos();
  }

  /** OkHttp's client builders take at most {@link Integer#MAX_VALUE} milliseconds. */
  static Duration forOkHttp(Duration duration) {
    int millis = millisClamped(duration);
    return duration.isZero() ? Duration.ZERO : Duration.ofMillis(millis);
  }
}
