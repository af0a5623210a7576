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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Waits for an Upload batch to reach a terminal state by polling its status: the loop behind {@link
 * UploadClient#awaitCompletion(String, WaitOptions)} and, without a thread held between polls,
 * {@link UploadClient#awaitCompletionAsync(String, WaitOptions)}. Intervals grow by half each poll
 * up to the maximum, with jitter; a server's {@code Retry-After} on a refused poll is honoured; the
 * timeout ends the wait before a sleep that would pass it, never in the middle of one. Both drivers
 * share one {@link Progress}, so they poll on the same schedule.
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
  BatchWaiter(
      Clock clock, Sleeper sleeper, DoubleSupplier random, Function<String, BatchStatus> poll) {
    this(clock, sleeper, random, poll, CancelSignal.NEVER);
  }

  /**
   * @param poll reads a batch's status once, honouring {@code cancel}
   * @param cancel ends a sleep between polls at once, with a {@link CancelledException}
   */
  BatchWaiter(
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      Function<String, BatchStatus> poll,
      CancelSignal cancel) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.poll = poll;
    this.cancel = cancel;
  }

  /** See {@link UploadClient#awaitCompletion(String, WaitOptions)}; {@code batchId} is checked. */
  BatchStatus await(String batchId, WaitOptions waitOptions) {
    Progress progress = new Progress(clock, random, waitOptions);
    while (true) {
      sleep(progress.nextDelay(), batchId);
      BatchStatus status;
      try {
        status = poll.apply(batchId);
      } catch (RateLimitedException e) {
        progress.refused(e);
        continue;
      }
      if (progress.polled(status)) return status;
    }
  }

  /**
   * The asynchronous twin of {@link #await}: each delay is {@code delay}'s (a timer task, no thread
   * held), each poll {@code pollAsync}'s; the same schedule and the same failures.
   *
   * @param delay completes after the given wait, or fails when the wait is cancelled
   * @param pollAsync reads the status once, asynchronously
   */
  static CompletableFuture<BatchStatus> awaitAsync(
      Clock clock,
      DoubleSupplier random,
      WaitOptions waitOptions,
      Function<Duration, CompletableFuture<?>> delay,
      Function<String, CompletableFuture<BatchStatus>> pollAsync,
      String batchId) {
    Progress progress = new Progress(clock, random, waitOptions);
    CompletableFuture<BatchStatus> result = new CompletableFuture<>();
    step(progress, delay, pollAsync, batchId, result);
    return result;
  }

  private static void step(
      Progress progress,
      Function<Duration, CompletableFuture<?>> delay,
      Function<String, CompletableFuture<BatchStatus>> pollAsync,
      String batchId,
      CompletableFuture<BatchStatus> result) {
    Duration wait;
    try {
      wait = progress.nextDelay();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    delay
        .apply(wait)
        .thenCompose(ignored -> pollAsync.apply(batchId))
        .whenComplete(
            (status, failure) -> {
              try {
                if (failure != null) {
                  Throwable cause =
                      failure instanceof CompletionException && failure.getCause() != null
                          ? failure.getCause()
                          : failure;
                  if (!(cause instanceof RateLimitedException)) {
                    result.completeExceptionally(cause);
                    return;
                  }
                  progress.refused((RateLimitedException) cause);
                } else if (progress.polled(status)) {
                  result.complete(status);
                  return;
                }
                step(progress, delay, pollAsync, batchId, result);
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
  }

  private void sleep(Duration delay, String batchId) {
    boolean slept;
    try {
      slept = CancellableSleep.sleep(sleeper, delay, cancel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallingestException("interrupted while waiting for batch " + batchId, e);
    }
    if (!slept)
      throw new CancelledException("cancelled while waiting for batch " + batchId, 0, null);
  }

  /** The schedule of one wait: when to poll next, and when to give up. Not thread-safe. */
  static final class Progress {
    private final Clock clock;
    private final DoubleSupplier random;
    private final WaitOptions waitOptions;
    private final Instant start;
    private final Instant deadline;
    private Duration interval;
    private Duration delay;
    private @Nullable BatchStatus last;
    private @Nullable RateLimitedException lastRefusal;

    Progress(Clock clock, DoubleSupplier random, WaitOptions waitOptions) {
      this.clock = clock;
      this.random = random;
      this.waitOptions = waitOptions;
      this.start = clock.instant();
      this.deadline = start.plus(waitOptions.timeout());
      this.interval = waitOptions.initialInterval();
      this.delay = interval;
    }

    /**
     * The wait before the next poll.
     *
     * @throws BatchWaitTimeoutException if it would end after the timeout (with the last status)
     * @throws RateLimitedException the last refusal, when the timeout came before any status
     */
    Duration nextDelay() {
      Instant now = clock.instant();
      if (now.plus(delay).isAfter(deadline)) {
        BatchStatus seen = last;
        if (seen != null) throw new BatchWaitTimeoutException(seen, Duration.between(start, now));
        RateLimitedException refusal = lastRefusal;
        if (refusal != null) throw refusal;
        if (!now.isBefore(deadline)) throw new IllegalStateException("no poll was made");
        delay = Duration.between(now, deadline); // always poll at least once
      }
      return delay;
    }

    /** A poll was refused: wait as the server asked, or fail when it cannot be waited out. */
    void refused(RateLimitedException e) {
      if (e.isClientSide() || e.retryAfter().isEmpty()) throw e;
      lastRefusal = e;
      delay = max(e.retryAfter().get(), interval);
    }

    /** A poll answered {@code status}: tells the listener; true when the batch is finished. */
    boolean polled(BatchStatus status) {
      last = status;
      waitOptions.progressListener().accept(status);
      if (status.isTerminal()) return true;
      interval = min(multiply(interval, 1.5), waitOptions.maxInterval());
      delay =
          max(multiply(interval, 0.8 + 0.2 * random.getAsDouble()), waitOptions.initialInterval());
      return false;
    }
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
