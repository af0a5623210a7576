package dev.callingest.partner;

import java.time.Duration;
import java.util.Objects;

/**
 * Client-side pacing of Partner API submissions: at most {@link #limit()} requests in any sliding
 * {@link #window()}. The API documents no limit, so pacing is off unless you set one (your account
 * manager can tell you yours, and the window it is counted in); with it on, a caller does not provoke
 * 429s from a server that counts the same limit over a sliding window.
 *
 * <p>A request counts while it is under way and then for a whole window from when its answer arrived
 * (or its attempt ended without one), never earlier than the server can have counted it. Every
 * answered request counts, refusals included, since a server counting requests counts those too;
 * only a 429 and a request that was never fully sent do not. A request that would break the limit
 * waits until the window lets it go; when that is further away than {@link #maxWait()} it fails at
 * once with a client-side {@link dev.callingest.RateLimitedException}.
 */
public final class PartnerPacing {
  /** No pacing: every submission goes out at once. The default. */
  public static final PartnerPacing DISABLED = new PartnerPacing(0, Duration.ofMinutes(1), Duration.ZERO);

  private final int limit;
  private final Duration window;
  private final Duration maxWait;

  private PartnerPacing(int limit, Duration window, Duration maxWait) {
    this.limit = limit;
    this.window = window;
    this.maxWait = maxWait;
  }

  /**
   * Paces to at most {@code requestsPerMinute} in any sliding minute, waiting at most {@code maxWait}.
   *
   * @param requestsPerMinute 1 or more
   * @param maxWait zero or positive
   * @return the pacing
   */
  public static PartnerPacing requestsPerMinute(int requestsPerMinute, Duration maxWait) {
    return requests(requestsPerMinute, Duration.ofMinutes(1), maxWait);
  }

  /**
   * Paces to at most {@code limit} requests in any sliding {@code window}, waiting at most {@code
   * maxWait}.
   *
   * @param limit 1 or more
   * @param window positive, such as one minute
   * @param maxWait zero or positive
   * @return the pacing
   */
  public static PartnerPacing requests(int limit, Duration window, Duration maxWait) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
    Objects.requireNonNull(window, "window == null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (maxWait.isNegative()) throw new IllegalArgumentException("maxWait must not be negative");
    return new PartnerPacing(limit, window, maxWait);
  }

  /** {@return whether pacing is on} */
  public boolean enabled() {
    return limit > 0;
  }

  /** {@return the most submissions in any sliding window, 0 when pacing is off} */
  public int limit() {
    return limit;
  }

  /** {@return the length of the sliding window the limit counts in} */
  public Duration window() {
    return window;
  }

  /** {@return the longest a submission waits before failing fast} */
  public Duration maxWait() {
    return maxWait;
  }

  @Override
  public String toString() {
    return enabled()
        ? "PartnerPacing{limit=" + limit + ", window=" + window + ", maxWait=" + maxWait + '}'
        : "PartnerPacing{disabled}";
  }
}
