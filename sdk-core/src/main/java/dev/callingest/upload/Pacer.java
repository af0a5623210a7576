package dev.callingest.upload;

import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientEventListener;
import dev.callingest.RateLimitedException;
import dev.callingest.Sleeper;
import dev.callingest.internal.CancelSignal;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import dev.callingest.pacing.InMemoryPacingStore;
import dev.callingest.pacing.PacingStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Applies {@link UploadPacing} to submissions through the shared sliding-window pacer. */
final class Pacer {
  static final String BATCHES = "upload.batches-per-hour";
  static final String CALLS = "upload.calls-per-hour";
  static final String IN_FLIGHT = "upload.batches-in-flight";

  /** How long to hold submissions after a 429 that names the concurrent-batch limit but no wait. */
  static final Duration IN_FLIGHT_PAUSE = Duration.ofSeconds(5);

  private final SlidingWindowPacer pacer;

  Pacer(UploadPacing pacing, Clock clock, Sleeper sleeper, ClientEventListener listener) {
    PacingStore store = pacing.store().orElseGet(() -> InMemoryPacingStore.create(clock, null));
    String account = "upload:" + pacing.accountKey().orElse("local");
    this.pacer = new SlidingWindowPacer(config(pacing), store, account, clock, sleeper, listener);
  }

  static SlidingWindowPacer.Config config(UploadPacing pacing) {
    List<SlidingWindowPacer.Limit> limits =
        pacing.enabled()
            ? List.of(
                new SlidingWindowPacer.Limit(
                    BATCHES, pacing.batchesPerHour(), pacing.window(), false, "batches"),
                new SlidingWindowPacer.Limit(
                    CALLS, pacing.callsPerHour(), pacing.window(), true, "calls"))
            : List.of();
    return new SlidingWindowPacer.Config(
        "an upload batch",
        "upload batches",
        limits,
        pacing.enabled() ? pacing.maxBatchesInFlight() : 0,
        IN_FLIGHT,
        pacing.inFlightExpiry(),
        pacing.unknownOutcomeHold(),
        pacing.maxWait(),
        false);
  }

  /**
   * Waits until a batch of {@code calls} calls may be sent and counts it as under way.
   *
   * @throws RateLimitedException if the wait would end after {@link UploadPacing#maxWait()}
   */
  SlidingWindowPacer.Ticket acquire(int calls) {
    return pacer.acquire(calls);
  }

  /** Like {@link #acquire(int)}, refusing at once a wait that would end after {@code deadline}. */
  SlidingWindowPacer.Ticket acquire(int calls, @Nullable Instant deadline) {
    return pacer.acquire(calls, deadline, CancelSignal.NEVER);
  }

  /** Like {@link #acquire(int, Instant)}; a cancel of {@code cancel} ends the wait at once. */
  SlidingWindowPacer.Ticket acquire(int calls, @Nullable Instant deadline, CancelSignal cancel) {
    return pacer.acquire(calls, deadline, cancel);
  }

  /**
   * Never waits: a ticket, or how long to wait first (see {@link SlidingWindowPacer#tryAcquire}).
   */
  SlidingWindowPacer.Admission tryAcquire(
      int calls, Instant waitingSince, @Nullable Instant deadline) {
    return pacer.tryAcquire(calls, waitingSince, deadline);
  }

  /** Runs {@code action} once at the next local change that may let a waiter go. */
  AutoCloseable whenChanged(Runnable action) {
    return pacer.whenChanged(action);
  }

  /** The shared pacer, for the asynchronous path's non-blocking admission. */
  SlidingWindowPacer shared() {
    return pacer;
  }

  /**
   * The API accepted the batch under {@code batchId}. The ticket's attempts were counted as the
   * transport reported them.
   */
  void accepted(SlidingWindowPacer.Ticket ticket, String batchId) {
    pacer.release(ticket, Outcome.ACCEPTED, batchId);
  }

  /**
   * The submission failed with {@code e}: its outcome decides the slot. The transport reported each
   * attempt through the ticket; an attempt it did not report (it failed before the answer) counts
   * only when the request may have been processed.
   */
  void failed(SlidingWindowPacer.Ticket ticket, CallingestException e) {
    pacer.release(ticket, outcomeOf(e), null);
    if (Outcome.of(e) == Outcome.RATE_LIMITED && namesInFlightLimit(e)) {
      pacer.serverAtInFlightLimit(((RateLimitedException) e).retryAfter().orElse(IN_FLIGHT_PAUSE));
    }
  }

  /**
   * The final outcome of a request that failed with {@code e}: for a cancel, unknown when the cut
   * attempt (or an earlier one) may have been processed and not sent otherwise.
   */
  static Outcome outcomeOf(CallingestException e) {
    if (e instanceof CancelledException) {
      return e.possiblyProcessed() ? Outcome.UNKNOWN : Outcome.NOT_SENT;
    }
    return Outcome.ofFailure(e);
  }

  /** The submission ended in {@code outcome}. */
  void ended(SlidingWindowPacer.Ticket ticket, Outcome outcome) {
    pacer.release(ticket, outcome, null);
  }

  /** The batch was seen in a terminal state: it no longer counts as in flight. */
  void finished(String batchId) {
    pacer.finished(batchId);
  }

  /** Wakes every submission waiting for pacing, so that each checks its limits again. */
  void wakeAll() {
    pacer.wakeAll();
  }

  int inFlightCount() {
    return pacer.inFlightCount();
  }

  long used(String limit) {
    return pacer.used(limit);
  }

  /** The 429 body is not documented; a message about concurrent batches names the slot limit. */
  private static boolean namesInFlightLimit(CallingestException e) {
    String message = e.response().flatMap(r -> r.message()).orElse("").toLowerCase(Locale.ROOT);
    return message.contains("concurren")
        || message.contains("in flight")
        || message.contains("in-flight");
  }
}
