package dev.callingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock and a sleeper for tests: sleeping advances the clock at once and records the duration, so
 * retry, pacing and waiter tests run in milliseconds and never flake.
 */
public class FakeTime extends Clock implements Sleeper {
  private volatile Instant now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public FakeTime(Instant start) {
    this.now = start;
  }

  public FakeTime() {
    this(Instant.parse("2026-01-15T10:00:00Z"));
  }

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
    sleeps.add(duration);
    if (!duration.isNegative()) now = now.plus(duration);
  }

  /** Moves the clock forward without recording a sleep. */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Every duration passed to {@link #sleep}, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
