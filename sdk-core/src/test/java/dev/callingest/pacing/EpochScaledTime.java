package dev.callingest.pacing;

import dev.callingest.Sleeper;
import dev.callingest.internal.PacerSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock running {@code factor} times faster than the machine's, anchored on the wall clock so
 * that several processes given the same anchor read the same time; and a sleeper on the same scale.
 * The emulator, the clients and the shared store of one test all run on it.
 */
final class EpochScaledTime extends Clock implements Sleeper, PacerSleeper {
  private final long anchorRealMillis;
  private final Instant anchorScaled;
  private final double factor;

  EpochScaledTime(long anchorRealMillis, Instant anchorScaled, double factor) {
    this.anchorRealMillis = anchorRealMillis;
    this.anchorScaled = anchorScaled;
    this.factor = factor;
  }

  @Override
  public Instant instant() {
    Instant real = Clock.systemUTC().instant();
    long realNanos = Duration.between(Instant.ofEpochMilli(anchorRealMillis), real).toNanos();
    return anchorScaled.plusNanos((long) (realNanos * factor));
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
