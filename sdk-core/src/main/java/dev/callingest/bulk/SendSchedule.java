package dev.callingest.bulk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When the importer expects to send a call, from the pacing limits alone: within any window (an
 * hour at the Upload API's documented limits) at most {@code callsPerHour} calls and {@code
 * batchesPerHour} batches go, so the call with {@code n} calls queued before it goes in window
 * {@code max(n / callsPerHour, (n / batchSize) / batchesPerHour)} of the import, and never before
 * now. When the importer does not wait for its batches, an in-flight limit of {@code k} slots held
 * for {@code expiry} each also lets only {@code k} batches go per {@code expiry}. It is an
 * estimate: it ignores batches cut short by a byte limit, 429 pauses and submissions by other
 * clients sharing the budget.
 */
final class SendSchedule {
  private final Instant start;
  private final int batchSize;
  private final OptionalLong callsPerHour;
  private final OptionalLong batchesPerHour;
  private final Optional<ImportTarget.InFlightLimit> inFlight;
  private final Duration window;
  private final Clock clock;

  SendSchedule(
      Instant start,
      int batchSize,
      OptionalLong callsPerHour,
      OptionalLong batchesPerHour,
      Optional<ImportTarget.InFlightLimit> inFlight,
      Clock clock) {
    this(start, batchSize, callsPerHour, batchesPerHour, Duration.ofHours(1), inFlight, clock);
  }

  /** Limits per {@code window} rather than per hour. */
  SendSchedule(
      Instant start,
      int batchSize,
      OptionalLong callsPerWindow,
      OptionalLong batchesPerWindow,
      Duration window,
      Optional<ImportTarget.InFlightLimit> inFlight,
      Clock clock) {
    this.window = window;
    this.start = start;
    this.batchSize = batchSize;
    this.callsPerHour = callsPerWindow;
    this.batchesPerHour = batchesPerWindow;
    this.inFlight = inFlight;
    this.clock = clock;
  }

  /** The estimated send time of the call that has {@code queuedBefore} calls queued before it. */
  Instant estimate(long queuedBefore) {
    long hours = 0;
    if (callsPerHour.isPresent() && callsPerHour.getAsLong() > 0) {
      hours = Math.max(hours, queuedBefore / callsPerHour.getAsLong());
    }
    if (batchesPerHour.isPresent() && batchesPerHour.getAsLong() > 0) {
      hours = Math.max(hours, queuedBefore / batchSize / batchesPerHour.getAsLong());
    }
    Duration offset = window.multipliedBy(hours);
    if (inFlight.isPresent() && inFlight.get().batches() > 0) {
      Duration byInFlight =
          inFlight.get().expiry().multipliedBy(queuedBefore / batchSize / inFlight.get().batches());
      if (byInFlight.compareTo(offset) > 0) offset = byInFlight;
    }
    Instant planned = start.plus(offset);
    Instant now = clock.instant();
    return planned.isAfter(now) ? planned : now;
  }
}
