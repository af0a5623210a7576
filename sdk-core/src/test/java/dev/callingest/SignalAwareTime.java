package dev.callingest;

import dev.callingest.internal.PacerSleeper;
import java.time.Duration;

/**
 * A {@link FakeTime} whose pacing waits notice changes: it waits for a change for up to {@link
 * #quiet} of real time, and only when none came does the fake clock jump by the whole wait. Waits
 * that a change ends therefore leave the fake clock where it was.
 */
public final class SignalAwareTime extends FakeTime implements PacerSleeper {
  private final Duration quiet;

  public SignalAwareTime(Duration quiet) {
    this.quiet = quiet;
  }

  @Override
  public void await(Duration duration, Wakeup wakeup) throws InterruptedException {
    boolean signalled = wakeup.await(quiet);
    if (!signalled) sleep(duration);
  }
}
