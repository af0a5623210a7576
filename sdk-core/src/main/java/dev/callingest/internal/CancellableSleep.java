package dev.callingest.internal;

import dev.callingest.Sleeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sleep that a {@link CancelSignal} ends at once, without interrupting anyone. With {@link
 * Sleeper#SYSTEM} it waits on a latch the signal opens; an injected sleeper (a test's fake time,
 * which returns at once) is called as it is and the signal is checked after it, since only the
 * sleeper knows how to cut its own sleep short.
 */
public final class CancellableSleep {
  private CancellableSleep() {}

  /**
   * Sleeps for {@code duration} unless {@code cancel} is raised first.
   *
   * @param sleeper what sleeps
   * @param duration how long; zero or negative returns at once
   * @param cancel the signal that ends the sleep
   * @return true when the whole sleep passed, false when the signal was raised before or during it
   * @throws InterruptedException if the thread is interrupted while sleeping (its flag is cleared,
   *     as {@link Thread#sleep} does; the caller restores it)
   */
  public static boolean sleep(Sleeper sleeper, Duration duration, CancelSignal cancel)
      throws InterruptedException {
    if (cancel.isCancelled()) return false;
    if (duration.isNegative() || duration.isZero()) return true;
    if (sleeper != Sleeper.SYSTEM) {
      sleeper.sleep(duration);
      return !cancel.isCancelled();
    }
    CountDownLatch raised = new CountDownLatch(1);
    try (CancelSignal.Registration registration = cancel.onCancel(raised::countDown)) {
      raised.await(nanos(duration), TimeUnit.NANOSECONDS);
    }
    return !cancel.isCancelled();
  }

  private static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // about 292 years: as good as forever
    }
  }
}
