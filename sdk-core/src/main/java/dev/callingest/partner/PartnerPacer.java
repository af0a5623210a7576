package dev.callingest.partner;

import dev.callingest.internal.CancelSignal;
import dev.callingest.CallingestException;
import dev.callingest.ClientOptions;
import dev.callingest.internal.InMemoryPacerState;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Applies {@link PartnerPacing} through the shared sliding-window pacer. */
final class PartnerPacer {
  static final String LIMIT = "partner.requests-per-minute";

  private final SlidingWindowPacer pacer;

  PartnerPacer(PartnerPacing pacing, ClientOptions options) {
    List<SlidingWindowPacer.Limit> limits =
        pacing.enabled()
            ? List.of(new SlidingWindowPacer.Limit(LIMIT, pacing.requestsPerWindow(), pacing.window(), false,
                "Partner API requests"))
            : List.of();
    SlidingWindowPacer.Config config =
        new SlidingWindowPacer.Config("a Partner API request", "Partner API requests", limits, 0, "partner.in-flight",
            Duration.ZERO, Duration.ZERO, pacing.maxWait(), true);
    this.pacer = new SlidingWindowPacer(config, new InMemoryPacerState(), options.clock(),
        options.sleeper(), options.eventListener());
  }

  /** Blocks until a submission may go out, or throws when that would take longer than allowed. */
  SlidingWindowPacer.Ticket acquire() {
    return pacer.acquire(1);
  }

  /** Like {@link #acquire()}, refusing at once a wait that would end after {@code deadline} (if not null). */
  SlidingWindowPacer.Ticket acquire(Instant deadline) {
    return pacer.acquire(1, deadline, () -> false);
  }

  /**
   * Like {@link #acquire(Instant)}, ending the wait (and every retry's wait of the ticket) once
   * {@code cancel} is raised; the caller registers {@link #wakeAll()} on it.
   */
  SlidingWindowPacer.Ticket acquire(Instant deadline, CancelSignal cancel) {
    return pacer.acquire(1, deadline, cancel::isCancelled);
  }

  /** The submission was answered with success; the transport counted each attempt through the ticket. */
  void accepted(SlidingWindowPacer.Ticket ticket) {
    pacer.release(ticket, Outcome.ACCEPTED, null);
  }

  /**
   * The submission failed with {@code e}; an attempt the transport did not report counts only when
   * the request may have been processed.
   */
  void failed(SlidingWindowPacer.Ticket ticket, CallingestException e) {
    pacer.release(ticket, Outcome.ofFailure(e), null);
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
