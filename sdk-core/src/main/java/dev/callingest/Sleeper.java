package dev.callingest;

import java.time.Duration;

/**
 * Waits. The SDK sleeps between retries, while pacing and while polling through a {@code Sleeper},
 * so tests can inject one that advances a fake clock instead of blocking. A pacing wait on {@link
 * #SYSTEM} also ends early when a slot frees; with any other sleeper it lasts the whole duration.
 */
@FunctionalInterface
public interface Sleeper {
  /** Blocks the calling thread with {@link Thread#sleep(long, int)}. */
  Sleeper SYSTEM =
      duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
          Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
      };

  /**
   * Waits for {@code duration}; zero or negative durations return at once.
   *
   * @param duration how long to wait
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
