package dev.callingest;

import dev.callingest.internal.PacerSleeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A sleeper whose waits end only when they are signalled or interrupted, never by time: a test that
 * finishes proves that a signal (a cancel) ended the wait. Zero waits return at once. {@link
 * #awaitWaiting} tells a test that a wait has begun.
 */
public final class BlockingSleeper implements Sleeper, PacerSleeper {
  private final CountDownLatch waiting = new CountDownLatch(1);

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) return;
    waiting.countDown();
    new CountDownLatch(1).await(); // only an interrupt ends it
  }

  @Override
  public void await(Duration duration, Wakeup wakeup) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) return;
    waiting.countDown();
    while (!wakeup.await(Duration.ofDays(1))) {
      // only a wake-up (or an interrupt) ends it
    }
  }

  /** Waits until a wait of this sleeper has begun. */
  public boolean awaitWaiting(long timeout, java.util.concurrent.TimeUnit unit)
      throws InterruptedException {
    return waiting.await(timeout, unit);
  }
}
