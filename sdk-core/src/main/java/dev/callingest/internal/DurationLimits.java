package dev.callingest.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The durations the SDK can represent, checked where a setting is made so that a huge value fails
 * with a message naming the setting instead of overflowing later. Socket and call timeouts go to
 * OkHttp, which counts them in {@code int} milliseconds: at most {@link #MAX_TIMEOUT} (about 24.8
 * days), at least a millisecond. Deadlines, waits, windows and budgets are added to instants and
 * converted to nanoseconds: at most {@link #MAX_WAIT} (100 years of 365 days, well within the 292
 * years a {@code long} of nanoseconds holds).
 */
public final class DurationLimits {
  /** The longest socket or call timeout: {@link Integer#MAX_VALUE} milliseconds. */
  public static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  /** The longest deadline, wait, window or budget: 36,500 days. */
  public static final Duration MAX_WAIT = Duration.ofDays(36_500);

  private DurationLimits() {}

  /**
   * Checks a timeout that must be set: from 1 ms to {@link #MAX_TIMEOUT}.
   *
   * @param value the timeout
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is out of range
   */
  public static Duration timeout(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return timeoutInRange(value, name);
  }

  /**
   * Checks a timeout where zero means none: zero, or from 1 ms to {@link #MAX_TIMEOUT}.
   *
   * @param value the timeout
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is out of range
   */
  public static Duration timeoutOrZero(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value.isZero() ? value : timeoutInRange(value, name);
  }

  /**
   * Checks a positive wait, deadline, window or budget: at most {@link #MAX_WAIT}.
   *
   * @param value the duration
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is not positive or too long
   */
  public static Duration positiveWait(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return waitInRange(value, name);
  }

  /**
   * Checks a wait where zero is allowed: from zero to {@link #MAX_WAIT}.
   *
   * @param value the duration
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is negative or too long
   */
  public static Duration nonNegativeWait(Duration value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return waitInRange(value, name);
  }

  private static Duration timeoutInRange(Duration value, String name) {
    if (value.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          name
              + " must be at most "
              + MAX_TIMEOUT
              + " (2^31-1 ms, as OkHttp counts timeouts): "
              + value);
    }
    if (value.toNanos() < 1_000_000) {
      throw new IllegalArgumentException(
          name + " must be at least 1 ms (OkHttp counts timeouts in milliseconds): " + value);
    }
    return value;
  }

  private static Duration waitInRange(Duration value, String name) {
    if (value.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          name + " must be at most " + MAX_WAIT.toDays() + " days: " + value);
    }
    return value;
  }
}
