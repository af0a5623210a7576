package dev.callingest.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: {@code initial * 2^(retry-1)}, capped at {@code max}, multiplied
 * by a factor drawn from [0.75, 1] so that clients that failed together do not retry together.
 */
final class Backoff {
  static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  Duration delay(int retry) {
    long initialNanos = initial.toNanos();
    long maxNanos = max.toNanos();
    int shift = Math.min(retry - 1, 30);
    long base =
        initialNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, initialNanos << shift);
    double factor = 0.75 + 0.25 * random.getAsDouble();
    return Duration.ofNanos((long) (base * factor));
  }
}
