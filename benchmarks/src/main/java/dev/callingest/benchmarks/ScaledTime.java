package dev.callingest.benchmarks;

import dev.callingest.Sleeper;
import dev.callingest.internal.PacerSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code factor} times faster than real time, and a sleeper on the same scale: an
 * hour of this clock passes in 3600 / factor real seconds. Given to both the emulator and the
 * client, it shortens every window, wait and poll interval on both sides alike.
 */
final class ScaledTime extends Clock implements Sleeper, PacerSleeper {
  private final Instant start;
  private final long startNanos = System.nanoTime();
  private final double factor;

  ScaledTime(Instant start, double factor) {
    this.start = start;
    this.factor = factor;
  }

  @Override
  public Instant instant() {
    return start.plusNanos((long) ((System.nanoTime() - startNanos) * factor));
  }

  /** {@return how long {@code scaled} of this clock lasts in real time} */
  Duration real(Duration scaled) {
    return Duration.ofNanos((long) (scaled.toNanos() / factor));
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Sleeper.SYSTEM.sleep(real(duration));
  }

  @Override
  public void await(Duration duration, Wakeup wakeup) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) wakeup.await(real(duration));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
