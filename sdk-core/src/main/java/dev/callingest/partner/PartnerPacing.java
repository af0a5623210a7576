package dev.callingest.partner;

import java.time.Duration;
import java.util.Objects;

/**
 * Client-side pacing of Partner API submissions: at most a number of requests per minute. The API
 * documents no limit, so pacing is off unless you set one (your account manager can tell you yours);
 * with it on, a well-behaved caller does not provoke 429s.
 *
 * <p>It counts fixed one-minute periods (resilience4j's rate limiter): up to the limit can go out at
 * the end of one minute and again at the start of the next. Set it a little below the real limit if
 * the server counts a sliding minute.
 */
public final class PartnerPacing {
  /** No pacing: every submission goes out at once. The default. */
  public static final PartnerPacing DISABLED = new PartnerPacing(0, Duration.ZERO);

  private final int requestsPerMinute;
  private final Duration maxWait;

  private PartnerPacing(int requestsPerMinute, Duration maxWait) {
    this.requestsPerMinute = requestsPerMinute;
    this.maxWait = maxWait;
  }

  /**
   * Paces to at most {@code requestsPerMinute}, waiting at most {@code maxWait} for a permit; a
   * submission that would have to wait longer fails at once with a client-side {@link
   * dev.callingest.RateLimitedException}.
   *
   * @param requestsPerMinute 1 or more
   * @param maxWait zero or positive
   * @return the pacing
   */
  public static PartnerPacing requestsPerMinute(int requestsPerMinute, Duration maxWait) {
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException("requestsPerMinute must be at least 1: " + requestsPerMinute);
    }
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (maxWait.isNegative()) throw new IllegalArgumentException("maxWait must not be negative");
    return new PartnerPacing(requestsPerMinute, maxWait);
  }

  /** {@return whether pacing is on} */
  public boolean enabled() {
    return requestsPerMinute > 0;
  }

  /** {@return the most submissions per minute, 0 when pacing is off} */
  public int limit() {
    return requestsPerMinute;
  }

  /** {@return the longest a submission waits for a permit before failing fast} */
  public Duration maxWait() {
    return maxWait;
  }

  @Override
  public String toString() {
    return enabled()
        ? "PartnerPacing{requestsPerMinute=" + requestsPerMinute + ", maxWait=" + maxWait + '}'
        : "PartnerPacing{disabled}";
  }
}
