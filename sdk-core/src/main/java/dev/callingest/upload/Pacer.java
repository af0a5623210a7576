package dev.callingest.upload;

import dev.callingest.CallingestException;
import dev.callingest.ClientEventListener;
import dev.callingest.RateLimitedException;
import dev.callingest.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Sliding-window accounting of {@link UploadPacing}'s limits, on the injected clock and sleeper.
 *
 * <p>Not resilience4j's {@code AtomicRateLimiter}: it can run on an injected clock (its
 * nano-time-supplier constructor), but it counts fixed cycles, so after 100 batches late in one cycle
 * it allows 100 more as soon as the next cycle starts, 101 within minutes, which a server counting
 * a sliding hour refuses. It also reserves per limiter, so a batch could take a batch permit and then
 * fail on the call limit. A log of the last hour's submissions has neither problem and is small
 * (at most {@code batchesPerHour} entries).
 */
final class Pacer {
  static final Duration WINDOW = Duration.ofHours(1);
  static final String BATCHES = "upload.batches-per-hour";
  static final String CALLS = "upload.calls-per-hour";
  static final String IN_FLIGHT = "upload.batches-in-flight";
  /** In-flight slots free up when another thread sees a batch finish; look again this often. */
  static final Duration IN_FLIGHT_RECHECK = Duration.ofSeconds(1);

  private final UploadPacing pacing;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ClientEventListener listener;
  private final Deque<Sent> sent = new ArrayDeque<>();
  private final List<Permit> inFlight = new ArrayList<>();

  Pacer(UploadPacing pacing, Clock clock, Sleeper sleeper, ClientEventListener listener) {
    this.pacing = pacing;
    this.clock = clock;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  /**
   * Waits until a batch of {@code calls} calls may be sent and records it as sent.
   *
   * @throws RateLimitedException if the wait would be longer than {@link UploadPacing#maxWait()}
   */
  Permit acquire(int calls) {
    return acquire(calls, null);
  }

  /** Like {@link #acquire(int)}, refusing at once a wait that would end after {@code deadline}. */
  Permit acquire(int calls, Instant deadline) {
    if (!pacing.enabled()) return new Permit(this, null);
    Instant start = clock.instant();
    String reported = null;
    while (true) {
      Wait wait;
      synchronized (this) {
        Instant now = clock.instant();
        wait = waitAt(now, calls);
        if (wait == null) {
          sent.addLast(new Sent(now, calls));
          Permit permit = new Permit(this, now.plus(pacing.inFlightExpiry()));
          inFlight.add(permit);
          return permit;
        }
        Duration waited = Duration.between(start, now);
        if (waited.plus(wait.duration).compareTo(pacing.maxWait()) > 0) {
          throw new RateLimitedException(
              "client-side pacing: " + wait.reason + "; the next batch could go in "
                  + wait.duration.toSeconds() + " s, longer than maxWait " + pacing.maxWait()
                  .toSeconds() + " s; nothing was sent",
              wait.duration);
        }
        if (deadline != null && now.plus(wait.duration).isAfter(deadline)) {
          throw new RateLimitedException(
              "client-side pacing: " + wait.reason + "; the next batch could go in "
                  + wait.duration.toSeconds() + " s, after the request's deadline; nothing was sent",
              wait.duration);
        }
      }
      if (!wait.limit.equals(reported)) {
        reported = wait.limit;
        notifyListener(wait.limit, wait.duration);
      }
      Duration sleep =
          wait.limit.equals(IN_FLIGHT) && wait.duration.compareTo(IN_FLIGHT_RECHECK) > 0
              ? IN_FLIGHT_RECHECK
              : wait.duration;
      try {
        sleeper.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallingestException("interrupted while pacing an upload batch; nothing was sent", e);
      }
    }
  }

  /** The wait before a batch of {@code calls} calls may go at {@code now}, or null for none. */
  private Wait waitAt(Instant now, int calls) {
    Instant windowStart = now.minus(WINDOW);
    while (!sent.isEmpty() && !sent.peekFirst().at.isAfter(windowStart)) sent.removeFirst();
    inFlight.removeIf(permit -> !permit.expiry.isAfter(now));

    Wait wait = null;
    int batchesOver = sent.size() - pacing.batchesPerHour() + 1;
    if (batchesOver > 0) {
      Instant free = nth(batchesOver).at.plus(WINDOW);
      wait = longer(wait, new Wait(BATCHES, Duration.between(now, free),
          pacing.batchesPerHour() + " batches were sent in the last hour"));
    }
    int callsSent = 0;
    for (Sent entry : sent) callsSent += entry.calls;
    if (callsSent + calls > pacing.callsPerHour()) {
      int excess = callsSent + calls - pacing.callsPerHour();
      Instant free = null;
      for (Iterator<Sent> it = sent.iterator(); it.hasNext() && excess > 0; ) {
        Sent entry = it.next();
        excess -= entry.calls;
        free = entry.at.plus(WINDOW);
      }
      wait = longer(wait, new Wait(CALLS, Duration.between(now, free),
          callsSent + " calls were sent in the last hour, " + calls + " more would exceed "
              + pacing.callsPerHour()));
    }
    int inFlightOver = inFlight.size() - pacing.maxBatchesInFlight() + 1;
    if (inFlightOver > 0) {
      List<Instant> expiries = new ArrayList<>();
      for (Permit permit : inFlight) expiries.add(permit.expiry);
      expiries.sort(null);
      Instant free = expiries.get(inFlightOver - 1);
      wait = longer(wait, new Wait(IN_FLIGHT, Duration.between(now, free),
          inFlight.size() + " batches are in flight"));
    }
    return wait;
  }

  private Sent nth(int oneBased) {
    Iterator<Sent> it = sent.iterator();
    Sent entry = null;
    for (int i = 0; i < oneBased; i++) entry = it.next();
    return entry;
  }

  private static Wait longer(Wait current, Wait candidate) {
    return current == null || candidate.duration.compareTo(current.duration) > 0 ? candidate : current;
  }

  /** Marks the batch finished: it no longer counts as in flight. */
  synchronized void finished(String batchId) {
    inFlight.removeIf(permit -> batchId.equals(permit.batchId));
  }

  synchronized int inFlightCount() {
    Instant now = clock.instant();
    inFlight.removeIf(permit -> !permit.expiry.isAfter(now));
    return inFlight.size();
  }

  private void notifyListener(String limit, Duration wait) {
    try {
      listener.rateLimitWait(limit, wait);
    } catch (RuntimeException e) {
      System.getLogger("dev.callingest.upload")
          .log(System.Logger.Level.WARNING, "event listener failed; ignored", e);
    }
  }

  /** One batch's place in the in-flight count; null expiry when pacing is off. */
  static final class Permit {
    private final Pacer pacer;
    final Instant expiry;
    private String batchId;

    Permit(Pacer pacer, Instant expiry) {
      this.pacer = pacer;
      this.expiry = expiry;
    }

    /** The API accepted the batch under this id: it stays in flight until seen terminal. */
    void accepted(String batchId) {
      synchronized (pacer) {
        this.batchId = batchId;
      }
    }

    /** The API certainly did not accept the batch: free the in-flight slot at once. */
    void rejected() {
      synchronized (pacer) {
        pacer.inFlight.remove(this);
      }
    }
  }

  private static final class Sent {
    final Instant at;
    final int calls;

    Sent(Instant at, int calls) {
      this.at = at;
      this.calls = calls;
    }
  }

  private static final class Wait {
    final String limit;
    final Duration duration;
    final String reason;

    Wait(String limit, Duration duration, String reason) {
      this.limit = limit;
      this.duration = duration;
      this.reason = reason;
    }
  }
}
