package dev.callingest.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/** A sliding-window counter (for example calls per hour). Callers hold the emulator's lock. */
final class RateWindow {
  private final Duration window;
  private final long limit;
  private final Deque<Instant> times = new ArrayDeque<>();
  private final Deque<Long> weights = new ArrayDeque<>();
  private long used;

  RateWindow(Duration window, long limit) {
    this.window = window;
    this.limit = limit;
  }

  /**
   * Returns empty when {@code weight} more fits in the window now, else the whole seconds to wait
   * until it would (at least 1). Does not record anything: call {@link #record} after.
   */
  OptionalLong check(Instant now, long weight) {
    expire(now);
    if (used + weight <= limit) {
      return OptionalLong.empty();
    }
    if (weight > limit) {
      return OptionalLong.of(Math.max(1, window.toSeconds()));
    }
    long freed = 0;
    var timeIt = times.iterator();
    var weightIt = weights.iterator();
    while (timeIt.hasNext()) {
      Instant at = timeIt.next();
      freed += weightIt.next();
      if (used - freed + weight <= limit) {
        return OptionalLong.of(secondsUntil(now, at.plus(window)));
      }
    }
    return OptionalLong.of(Math.max(1, window.toSeconds()));
  }

  void record(Instant now, long weight) {
    times.addLast(now);
    weights.addLast(weight);
    used += weight;
  }

  private void expire(Instant now) {
    Instant cutoff = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
      times.removeFirst();
      used -= weights.removeFirst();
    }
  }

  static long secondsUntil(Instant now, Instant then) {
    long millis = Duration.between(now, then).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
