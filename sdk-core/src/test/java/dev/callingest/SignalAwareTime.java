package dev.callingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link FakeTime} whose {@link #awaitSignal} notices signals: it waits on the condition for up to
 * {@link #quiet} of real time, and only when no signal came does the fake clock jump by the whole
 * wait. Waits that a signal ends therefore leave the fake clock where it was.
 */
public final class SignalAwareTime extends FakeTime {
  private final Duration quiet;

  public SignalAwareTime(Duration quiet) {
    this.quiet = quiet;
  }

  @Override
  public void awaitSignal(Duration duration, Lock lock, Condition condition) throws InterruptedException {
    boolean signalled = condition.await(quiet.toNanos(), TimeUnit.NANOSECONDS);
    if (!signalled) sleep(duration);
  }
}
