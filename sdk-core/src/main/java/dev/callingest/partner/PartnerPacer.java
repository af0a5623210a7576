package dev.callingest.partner;

import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientOptions;
import dev.callingest.internal.CancelSignal;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import dev.callingest.pacing.InMemoryPacingStore;
import dev.callingest.pacing.PacingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Applies {@link PartnerPacing} through the shared sliding-window pacer. */
final class PartnerPacer {
  static final String LIMIT = "partner.requests-per-minute";

  private final SlidingWindowPacer pacer;

  PartnerPacer(PartnerPacing pacing, ClientOptions options) {
    List<SlidingWindowPacer.Limit> limits =
        pacing.enabled()
            ? List.of(
                new SlidingWindowPacer.Limit(
                    LIMIT,
                    pacing.requestsPerWindow(),
                    pacing.window(),
                    false,
                    "Partner API requests"))
            : List.of();
    SlidingWindowPacer.Config config =
        new SlidingWindowPacer.Config(
            "a Partner API request",
            "Partner API requests",
            limits,
            0,
            "partner.in-flight",
            Duration.ZERO,
            Duration.ZERO,
            pacing.maxWait(),
            true);
    PacingStore store =
        pacing.store().orElseGet(() -> InMemoryPacingStore.create(options.clock(), null));
    String account = "partner:" + pacing.accountKey().orElse("local");
    this.pacer =
        new SlidingWindowPacer(
            config, store, account, options.clock(), options.sleeper(), options.eventListener());
  }

  /** Blocks until a submission may go out, or throws when that would take longer than allowed. */
  SlidingWindowPacer.Ticket acquire() {
    return pacer.acquire(1);
  }

  /**
   * Like {@link #acquire()}, refusing at once a wait that would end after {@code deadline} (if not
   * null).
   */
  SlidingWindowPacer.Ticket acquire(@Nullable Instant deadline) {
    return pacer.acquire(1, deadline, CancelSignal.NEVER);
  }

  /** Like {@link #acquire(Instant)}; a cancel of {@code cancel} ends the wait at once. */
  SlidingWindowPacer.Ticket acquire(@Nullable Instant deadline, CancelSignal cancel) {
    return pacer.acquire(1, deadline, cancel);
  }

  /**
   * Never waits: a ticket, or how long to wait first (see {@link SlidingWindowPacer#tryAcquire}).
   */
  SlidingWindowPacer.Admission tryAcquire(Instant waitingSince, @Nullable Instant deadline) {
    return pacer.tryAcquire(1, waitingSince, deadline);
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
   * The submission was answered with success; the transport counted each attempt through the
   * ticket.
   */
  void accepted(SlidingWindowPacer.Ticket ticket) {
    pacer.release(ticket, Outcome.ACCEPTED, null);
  }

  /**
   * The submission failed with {@code e}; an attempt the transport did not report counts only when
   * the request may have been processed.
   */
  void failed(SlidingWindowPacer.Ticket ticket, CallingestException e) {
    Outcome outcome =
        e instanceof CancelledException
            ? (e.possiblyProcessed() ? Outcome.UNKNOWN : Outcome.NOT_SENT)
            : Outcome.ofFailure(e);
    pacer.release(ticket, outcome, null);
  }

  /** The submission ended in {@code outcome}. */
  void ended(SlidingWindowPacer.Ticket ticket, Outcome outcome) {
    pacer.release(ticket, outcome, null);
  }

  /** Wakes every submission waiting for pacing. */
  void wakeAll() {
    pacer.wakeAll();
  }

  long used() {
    return pacer.used(LIMIT);
  }
}
