package dev.callingest.internal;

import dev.callingest.Sleeper;
import java.time.Duration;

/**
 * How a {@link SlidingWindowPacer} waits: for at most a duration of the pacing clock, or until a
 * change wakes it (a freed slot, a settled attempt, {@code wakeAll()}, a cancel). Kept apart from
 * the public {@link Sleeper}, which knows nothing of the pacer's signalling. A sleeper that also
 * implements this interface (a scaled clock in the benchmarks, a fake clock in tests) decides how
 * the two combine; any other sleeper either waits on the signal in real time ({@link
 * Sleeper#SYSTEM}) or just sleeps, not noticing changes (a sleeper that advances a fake clock).
 */
@FunctionalInterface
public interface PacerSleeper {
  /**
   * Waits for at most {@code duration} of the pacing clock, or until {@code wakeup} fires if this
   * sleeper notices it. Returning early is always allowed: the pacer asks again.
   *
   * @param duration the longest wait
   * @param wakeup the pacer's change signal
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void await(Duration duration, Wakeup wakeup) throws InterruptedException;

  /** A change signal that a waiter can block on. */
  @FunctionalInterface
  interface Wakeup {
    /**
     * Blocks for at most {@code realTime} or until a change came since the waiter last looked.
     *
     * @param realTime the longest wait, in real time
     * @return true when a change came
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean await(Duration realTime) throws InterruptedException;
  }

  /**
   * The pacer's way of waiting with {@code sleeper}.
   *
   * @param sleeper the client's sleeper
   * @return the sleeper itself when it implements this interface; a signal-aware wait for {@link
   *     Sleeper#SYSTEM}; else a plain sleep
   */
  static PacerSleeper of(Sleeper sleeper) {
    if (sleeper instanceof PacerSleeper) return (PacerSleeper) sleeper;
    if (sleeper == Sleeper.SYSTEM) {
      return (duration, wakeup) -> {
        if (!duration.isNegative() && !duration.isZero()) wakeup.await(duration);
      };
    }
    return (duration, wakeup) -> sleeper.sleep(duration);
  }
}
