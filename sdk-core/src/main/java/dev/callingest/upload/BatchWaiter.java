package dev.callingest.upload;

import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.RateLimitedException;
import dev.callingest.Sleeper;
import dev.callingest.internal.CancelSignal;
import dev.callingest.internal.CancellableSleep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Waits for an Upload batch to reach a terminal state by polling its status: the loop behind {@link
 * UploadClient#awaitCompletion(String, WaitOptions)}. Intervals grow by half each poll up to the
 * maximum, with jitter; a server's {@code Retry-After} on a refused poll is honoured; the timeout
 * ends the wait before a sleep that would pass it, never in the middle of one.
 */
final class BatchWaiter {
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Function<String, BatchStatus> poll;
  private final CancelSignal cancel;

  /**
   * @param poll reads a batch's status once, with the client's retries and pacing
   */
  BatchWaiter(Clock clock, Sleeper sleeper, DoubleSupplier random, Function<String, BatchStatus> poll) {
    this(clock, sleeper, random, poll, CancelSignal.NEVER);
  }

  /**
   * @param poll reads a batch's status once, honouring {@code cancel}
   * @param cancel ends a sleep between polls at once, with a {@link CancelledException}
   */
  BatchWaiter(
      Clock clock, Sleeper sleeper, DoubleSupplier random, Function<String, BatchStatus> poll,
      CancelSignal cancel) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.poll = poll;
    this.cancel = cancel;
  }

  /** See {@link UploadClient#awaitCompletion(String, WaitOptions)}; {@code batchId} is checked. */
  BatchStatus await(String batchId, WaitOptions waitOptions) {
    Instant start = clock.instant();
    Instant deadline = start.plus(waitOptions.timeout());
    Duration interval = waitOptions.initialInterval();
    Duration delay = interval;
    BatchStatus last = null;
    RateLimitedException lastRefusal = null;
    while (true) {
      Instant now = clock.instant();
      if (now.plus(delay).isAfter(deadline)) {
        if (last != null) throw new BatchWaitTimeoutException(last, Duration.between(start, now));
        if (lastRefusal != null || !now.isBefore(deadline)) {
          throw lastRefusal != null ? lastRefusal : new IllegalStateException("no poll was made");
        }
        delay = Duration.between(now, deadline); // always poll at least once
      }
      sleep(delay, batchId);
      try {
        last = poll.apply(batchId);
      } catch (RateLimitedException e) {
        if (e.isClientSide() || e.retryAfter().isEmpty()) throw e;
        lastRefusal = e;
        delay = max(e.retryAfter().get(), interval);
        continue;
      }
      waitOptions.progressListener().accept(last);
      if (last.isTerminal()) return last;
      interval = min(multiply(interval, 1.5), waitOptions.maxInterval());
      delay = max(multiply(interval, 0.8 + 0.2 * random.getAsDouble()), waitOptions.initialInterval());
    }
  }

  private void sleep(Duration delay, String batchId) {
    boolean slept;
    try {
      slept = CancellableSleep.sleep(sleeper, delay, cancel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallingestException("interrupted while waiting for batch " + batchId, e);
    }
    if (!slept) throw new CancelledException("cancelled while waiting for batch " + batchId, 0, null);
  }

  private static Duration multiply(Duration duration, double factor) {
    return Duration.ofNanos((long) (duration.toNanos() * factor));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
