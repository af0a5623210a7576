package dev.callingest.partner;

import dev.callingest.CallingestException;
import dev.callingest.ClientOptions;
import dev.callingest.RateLimitedException;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Applies {@link PartnerPacing} with resilience4j, on the client's clock and sleeper. */
final class PartnerPacer {
  static final String LIMIT = "partner.requests-per-minute";

  private final PartnerPacing pacing;
  private final ClientOptions options;
  private final AtomicRateLimiter limiter;

  PartnerPacer(PartnerPacing pacing, ClientOptions options) {
    this.pacing = pacing;
    this.options = options;
    if (!pacing.enabled()) {
      this.limiter = null;
      return;
    }
    RateLimiterConfig config =
        RateLimiterConfig.custom()
            .limitForPeriod(pacing.limit())
            .limitRefreshPeriod(Duration.ofMinutes(1))
            .timeoutDuration(pacing.maxWait())
            .build();
    Clock clock = options.clock();
    this.limiter = new AtomicRateLimiter(LIMIT, config, () -> nanos(clock.instant()));
  }

  /** Blocks until a submission may go out, or throws when that would take longer than allowed. */
  /** Waits for a permit; refuses at once when the wait would end after {@code deadline} (if not null). */
  void acquire(Instant deadline) {
    if (limiter == null) return;
    if (deadline != null) {
      long ahead = limiter.getDetailedMetrics().getNanosToWait();
      if (ahead > 0 && options.clock().instant().plusNanos(ahead).isAfter(deadline)) {
        throw new RateLimitedException(
            "client-side pacing: more than " + pacing.limit() + " Partner API submissions a minute;"
                + " the next permit comes after the request's deadline; nothing was sent",
            Duration.ofNanos(ahead));
      }
    }
    long waitNanos = limiter.reservePermission(1);
    if (waitNanos < 0) {
      throw new RateLimitedException(
          "client-side pacing: more than " + pacing.limit() + " Partner API submissions a minute;"
              + " the next permit is further away than maxWait " + pacing.maxWait(),
          Duration.ofMinutes(1));
    }
    if (waitNanos == 0) return;
    Duration wait = Duration.ofNanos(waitNanos);
    try {
      options.eventListener().rateLimitWait(LIMIT, wait);
    } catch (RuntimeException e) {
      System.getLogger("dev.callingest.partner").log(System.Logger.Level.WARNING, "event listener failed; ignored", e);
    }
    try {
      options.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallingestException("interrupted while pacing a Partner API submission", e);
    }
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
