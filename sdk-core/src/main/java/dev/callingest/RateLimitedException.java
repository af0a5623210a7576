package dev.callingest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request was refused for now because of a rate limit: either the server answered HTTP 429 to the
 * last permitted attempt, or the client's own pacing would have had to wait longer than allowed (or
 * past the deadline) and failed fast instead ({@link #isClientSide()}).
 *
 * <p>The attempt that was refused was not processed. Earlier attempts of the same request may have
 * been: when {@link #possiblyProcessed()} is false, nothing was accepted and the same request may
 * be sent again after {@link #retryAfter()}; when it is true, an earlier attempt (dropped after it
 * was sent, or answered 5xx) may already be on the server, and sending again may deliver it twice
 * to an API that does not de-duplicate.
 */
public final class RateLimitedException extends CallingestException {
  private static final long serialVersionUID = 1L;

  /** The wait the server or the pacing asked for, or null. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception for a server's HTTP 429, or for the client's own pacing when {@code
   * response} is null.
   *
   * @param message what went wrong
   * @param response the 429 response, or {@code null} when the client's pacing refused
   * @param attempts how many HTTP attempts were made
   * @param retryAfter how long to wait, or {@code null} when the server did not say
   * @param possiblyProcessed whether an earlier attempt may have been processed by the server
   */
  public RateLimitedException(
      String message,
      @Nullable ErrorResponse response,
      int attempts,
      @Nullable Duration retryAfter,
      boolean possiblyProcessed) {
    super(message, response, attempts, possiblyProcessed, null);
    this.retryAfter = retryAfter;
  }

  /**
   * Creates the exception for the client's own pacing, before anything was sent.
   *
   * @param message which limit would be exceeded
   * @param retryAfter how long until the limit allows the request
   */
  public RateLimitedException(String message, Duration retryAfter) {
    this(message, null, 0, Objects.requireNonNull(retryAfter, "retryAfter == null"), false);
  }

  /** {@return how long to wait before trying again, when known} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@return true when the client's pacing refused the request before anything was sent} */
  public boolean isClientSide() {
    return response().isEmpty();
  }
}
