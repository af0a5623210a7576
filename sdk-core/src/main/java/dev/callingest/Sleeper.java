package dev.callingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * Waits. The SDK sleeps between retries, while pacing and while polling through a {@code Sleeper},
 * so tests can inject one that advances a fake clock instead of blocking.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Blocks the calling thread with {@link Thread#sleep(long, int)}; {@link #awaitSignal} waits on the
   * condition itself, so a signal ends the wait early.
   */
  Sleeper SYSTEM =
      new Sleeper() {
        @Override
        public void sleep(Duration duration) throws InterruptedException {
          if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
          }
        }

        @Override
        public void awaitSignal(Duration duration, Lock lock, Condition condition)
            throws InterruptedException {
          if (!duration.isNegative() && !duration.isZero()) {
            condition.await(duration.toNanos(), TimeUnit.NANOSECONDS);
          }
        }
      };

  /**
   * Waits for {@code duration}; zero or negative durations return at once.
   *
   * @param duration how long to wait
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits for at most {@code duration}, or until {@code condition} is signalled if this sleeper can
   * notice signals; the SDK's pacing waits this way, so that a freed slot wakes a waiting submission
   * at once. The caller holds {@code lock}, whose condition {@code condition} is, and holds it again
   * when this method returns; callers check again what they waited for, so returning early is
   * always allowed.
   *
   * <p>The default releases the lock, calls {@link #sleep(Duration)} and takes the lock again: it
   * does not notice signals, which suits a sleeper that advances a fake clock. {@link #SYSTEM} waits
   * on the condition.
   *
   * @param duration the longest wait
   * @param lock the lock the caller holds
   * @param condition a condition of {@code lock}, signalled when the awaited state may have changed
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  default void awaitSignal(Duration duration, Lock lock, Condition condition)
      throws InterruptedException {
    lock.unlock();
    try {
      sleep(duration);
    } finally {
      lock.lock();
    }
  }
}
