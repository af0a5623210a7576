package dev.callingest.internal;

import dev.callingest.ApiException;
import dev.callingest.CallingestException;
import dev.callingest.ClientEventListener;
import dev.callingest.ConnectionException;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Client-side pacing shared by both APIs: sliding-window limits (requests, or a weight such as calls,
 * in any window of a configurable length) and an optional number of slots in flight.
 *
 * <p>The windows follow the server's view. A request counts from the moment the server may have
 * recorded it: while it is under way it counts as if it had just been recorded, and once its attempt
 * ended it counts for a whole window from that end (later than the server's own record, so the
 * client's window always covers the server's). The caller says after each request what the server
 * may have done ({@link Outcome}): an attempt that may have been recorded counts, a definite refusal
 * does not (unless {@link Config#countsRefusals()}), and a 429 never does.
 *
 * <p>Every attempt counts, not only a request's first: the {@link Ticket} a request holds is the
 * {@link AttemptPacing} its transport reports each attempt's end to and asks before each retry. A
 * retry waits like a first attempt (the request keeps its own slot; a previous attempt with an
 * unknown outcome takes a slot of its own for {@link Config#unknownOutcomeHold()}), within {@link
 * Config#maxWait()} and the request's deadline.
 *
 * <p>A request that must wait blocks on a condition that every release signals, through the
 * {@link Sleeper#awaitSignal} of the injected sleeper, so that a freed slot wakes it at once and
 * {@link #wakeAll()} can end any wait early (every woken waiter checks again). A wait fails fast only
 * when its end is certain to come after {@link Config#maxWait()}; a wait for a slot that a finishing
 * batch may free lasts up to {@code maxWait}.
 *
 * <p>Not resilience4j's rate limiter: its public {@code RateLimiter} counts fixed refresh periods
 * (up to twice the limit around each period edge) on the system clock, and has no notion of a permit
 * that counts from when the request ended, or that is given back when the server refused it.
 */
public final class SlidingWindowPacer {
  private final Config config;
  private final PacerState state;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ClientEventListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Duration longestWindow;
  private long lastId;
  private Instant serverBusyUntil = Instant.MIN;

  /**
   * Creates a pacer.
   *
   * @param config the limits
   * @param state where the window entries and slots are kept
   * @param clock the clock the windows run on
   * @param sleeper what waits (and notices signals, if it can)
   * @param listener told of every wait
   */
  public SlidingWindowPacer(
      Config config, PacerState state, Clock clock, Sleeper sleeper, ClientEventListener listener) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.state = Objects.requireNonNull(state, "state == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    Duration longest = Duration.ZERO;
    for (Limit limit : config.limits()) {
      if (limit.window().compareTo(longest) > 0) longest = limit.window();
    }
    this.longestWindow = longest;
  }

  /** What the server may have done with one attempt, as the caller learned it. */
  public enum Outcome {
    /** A success: the server recorded the request (and holds its batch in flight). */
    ACCEPTED,
    /**
     * A definite refusal (4xx other than 429, or 503): the server recorded nothing, though a server
     * that counts every request it answered counts it ({@link Config#countsRefusals()}).
     */
    DEFINITE_REFUSAL,
    /** The request was never fully sent (connection refused, reset while writing): nobody counts it. */
    NOT_SENT,
    /** HTTP 429: refused for a rate limit, recorded nothing. */
    RATE_LIMITED,
    /** A definite error answer (5xx) after which the server may still have recorded the request. */
    POSSIBLY_RECORDED,
    /** No usable answer after the request was sent: the server may hold it in flight too. */
    UNKNOWN;

    /**
     * The outcome of a request's last attempt, read from the exception that ended it.
     *
     * @param e the failure
     * @return the outcome
     */
    public static Outcome of(CallingestException e) {
      if (e instanceof RateLimitedException) {
        return ((RateLimitedException) e).isClientSide() ? NOT_SENT : RATE_LIMITED;
      }
      if (e instanceof RequestInDoubtException || e instanceof MalformedResponseException) return UNKNOWN;
      if (e instanceof ConnectionException) return NOT_SENT;
      if (e instanceof ApiException) {
        return ErrorDecoder.mayFollowProcessing(((ApiException) e).httpStatus())
            ? POSSIBLY_RECORDED
            : DEFINITE_REFUSAL;
      }
      return e.attempts() == 0 ? NOT_SENT : UNKNOWN;
    }

    /**
     * The final outcome of a request that failed with {@code e}, for {@link #release}: {@link
     * #of(CallingestException)}, except that a request no attempt of which may have been processed
     * is never read as possibly recorded.
     *
     * @param e the failure
     * @return the outcome
     */
    public static Outcome ofFailure(CallingestException e) {
      Outcome last = of(e);
      if (e.possiblyProcessed()) return last;
      return last == UNKNOWN || last == POSSIBLY_RECORDED ? DEFINITE_REFUSAL : last;
    }

  }

  /**
   * One sliding-window limit.
   *
   * @param name the name reported to {@link ClientEventListener#rateLimitWait}
   * @param max the most requests (or weight) in any window
   * @param window the window's length
   * @param weighted true to count each request's weight (such as its calls), false to count requests
   * @param unit what is counted, for messages, such as {@code "batches"}
   */
  public record Limit(String name, int max, Duration window, boolean weighted, String unit) {}

  /**
   * What a pacer enforces.
   *
   * @param what what one request is, for messages, such as {@code "an upload batch"}
   * @param whats the plural, such as {@code "upload batches"}
   * @param limits the sliding-window limits; empty for none
   * @param maxInFlight the most slots held at once; 0 for no limit
   * @param inFlightName the name of the in-flight limit in events
   * @param inFlightExpiry how long an accepted request holds its slot when nobody frees it
   * @param unknownOutcomeHold how long a request with an {@link Outcome#UNKNOWN} outcome holds a slot
   * @param maxWait the longest a request waits before failing fast
   * @param countsRefusals whether a definite refusal counts in the windows (a server that counts
   *     every request it answered)
   */
  public record Config(
      String what,
      String whats,
      List<Limit> limits,
      int maxInFlight,
      String inFlightName,
      Duration inFlightExpiry,
      Duration unknownOutcomeHold,
      Duration maxWait,
      boolean countsRefusals) {
    /** Copies the limits. */
    public Config {
      limits = List.copyOf(limits);
    }

    /** {@return whether this config paces anything} */
    public boolean enabled() {
      return !limits.isEmpty() || maxInFlight > 0;
    }
  }

  /**
   * A request's place in the windows and its slot, until {@link #release}. As the {@link
   * AttemptPacing} of its request it counts every attempt: the transport reports how each ended and
   * asks before each retry, which waits for room in the windows (and a slot, when an earlier attempt
   * may still hold one on the server) like the first attempt did. Guarded by the pacer's lock.
   */
  public static final class Ticket implements AttemptPacing {
    static final Ticket NONE = new Ticket(null, 0, 0, () -> false);

    private final SlidingWindowPacer pacer;
    final long id;
    final int weight;
    final BooleanSupplier cancelled;
    /** The window entry of the current attempt. */
    long entryId;
    /** Whether the current attempt is under way: sent or about to be, its end not yet reported. */
    boolean open = true;
    /** How the last reported attempt ended, or null before any was reported. */
    Outcome lastEnded;
    /** When it ended. */
    Instant lastEndedAt;
    boolean released;

    Ticket(SlidingWindowPacer pacer, long id, int weight, BooleanSupplier cancelled) {
      this.pacer = pacer;
      this.id = id;
      this.entryId = id;
      this.weight = weight;
      this.cancelled = cancelled;
    }

    @Override
    public void attemptEnded(int attempt, Outcome outcome) {
      if (pacer != null) pacer.attemptEnded(this, outcome);
    }

    @Override
    public void beforeRetry(int attempt, Instant deadline) {
      if (pacer != null) pacer.beforeRetry(this, attempt, deadline);
    }

    // ---- wt-async: the cancel-aware and non-blocking pacer contract (Ticket part) ----

    /** Whether attempt {@link #heldUnknownFor}'s predecessor already took its unknown-outcome slot. */
    int heldUnknownFor;

    @Override
    public void beforeRetry(int attempt, @Nullable Instant deadline, CancelSignal cancel) {
      if (pacer == null) return;
      try (CancelSignal.Registration wake = cancel.onCancel(pacer::wakeAll)) {
        pacer.beforeRetry(
            this, attempt, deadline, () -> cancelled.getAsBoolean() || cancel.isCancelled());
      }
    }

    @Override
    public Optional<Duration> tryBeforeRetry(
        int attempt, Instant waitingSince, @Nullable Instant deadline) {
      if (pacer == null) return Optional.empty();
      return pacer.tryBeforeRetry(this, attempt, waitingSince, deadline);
    }

    // ---- wt-async: end of the Ticket part ----
  }

  /**
   * Waits until a request of {@code weight} may go, and counts it as under way.
   *
   * @param weight its weight, such as the calls in a batch
   * @return the ticket to pass to {@link #release}
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()}
   * @throws CallingestException if the thread is interrupted while waiting (its flag is set again)
   */
  public Ticket acquire(int weight) {
    return acquire(weight, () -> false);
  }

  /**
   * Like {@link #acquire(int)}, giving up when {@code cancelled} turns true: it is checked before
   * every wait and after every wake-up, and {@link #wakeAll()} wakes every waiter to check it.
   *
   * @param weight its weight, such as the calls in a batch
   * @param cancelled whether the caller gave up
   * @return the ticket to pass to {@link #release}
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()}
   * @throws CallingestException if cancelled or interrupted while waiting; nothing was sent
   */
  public Ticket acquire(int weight, BooleanSupplier cancelled) {
    return acquire(weight, null, cancelled);
  }

  /**
   * Like {@link #acquire(int, BooleanSupplier)}, refusing at once a wait that would end after {@code
   * deadline} (a request's overall deadline, which covers the pacing wait).
   *
   * @param weight its weight, such as the calls in a batch
   * @param deadline when the request must have ended, or null for none
   * @param cancelled whether the caller gave up
   * @return the ticket to pass to {@link #release}
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()} or the deadline
   * @throws CallingestException if cancelled or interrupted while waiting; nothing was sent
   */
  public Ticket acquire(int weight, Instant deadline, BooleanSupplier cancelled) {
    if (!config.enabled()) return Ticket.NONE;
    Objects.requireNonNull(cancelled, "cancelled == null");
    lock.lock();
    try {
      awaitTurn(weight, deadline, cancelled, null, "nothing was sent");
      return reserve(weight, cancelled);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The request of {@code ticket} is about to send attempt {@code attempt} (2 or later): waits, as
   * {@link #acquire(int, Instant, BooleanSupplier)} does, until it may go, then counts it as under
   * way. The request keeps its own slot; when its previous attempt ended with an {@link
   * Outcome#UNKNOWN} outcome, that attempt takes a slot of its own for {@link
   * Config#unknownOutcomeHold()} first, since the server may hold it in flight beside the retry.
   *
   * @param ticket the request's ticket
   * @param attempt the attempt about to be sent
   * @param deadline the request's overall deadline, or null for none
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()} or the deadline
   * @throws CallingestException if cancelled or interrupted while waiting; the attempt was not sent
   */
  void beforeRetry(Ticket ticket, int attempt, Instant deadline) {
    beforeRetry(ticket, attempt, deadline, ticket.cancelled);
  }

  /** {@link #beforeRetry(Ticket, int, Instant)}, giving up when {@code cancelled} turns true. */
  void beforeRetry(Ticket ticket, int attempt, Instant deadline, BooleanSupplier cancelled) {
    lock.lock();
    try {
      if (ticket.released) throw new IllegalStateException("the request's ticket was released");
      // An attempt whose end nobody reported may have been recorded: the conservative reading.
      if (ticket.open) settle(ticket, Outcome.UNKNOWN);
      if (ticket.lastEnded == Outcome.UNKNOWN && config.maxInFlight() > 0) {
        state.putSlot(new PacerState.Slot(
            ++lastId, ticket.lastEndedAt.plus(config.unknownOutcomeHold()), Optional.empty()));
      }
      awaitTurn(ticket.weight, deadline, cancelled, ticket,
          "attempt " + attempt + " was not sent");
      ticket.entryId = ++lastId;
      ticket.open = true;
      if (!config.limits().isEmpty()) {
        state.putEntry(new PacerState.Entry(ticket.entryId, Instant.MAX, ticket.weight));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The current attempt of the request of {@code ticket} ended in {@code outcome}: it counts in the
   * windows from now if it may have been recorded (see {@link #release}), and is dropped from them
   * otherwise. Waiters wake. Does nothing once the ticket was released or the attempt reported.
   *
   * @param ticket the request's ticket
   * @param outcome what the server may have done with the attempt
   */
  void attemptEnded(Ticket ticket, Outcome outcome) {
    lock.lock();
    try {
      if (ticket.released || !ticket.open) return;
      settle(ticket, outcome);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    fireChanged();
  }

  /** Settles the current attempt's window entry. Under the lock. */
  private void settle(Ticket ticket, Outcome outcome) {
    Instant now = clock.instant();
    if (counts(outcome)) {
      state.putEntry(new PacerState.Entry(ticket.entryId, now, ticket.weight));
    } else {
      state.removeEntry(ticket.entryId);
    }
    ticket.open = false;
    ticket.lastEnded = outcome;
    ticket.lastEndedAt = now;
  }

  /**
   * Waits under the lock until a request of {@code weight} fits every limit, {@code own} being the
   * request's ticket when it already holds a slot (a retry), or null.
   */
  private void awaitTurn(
      int weight, Instant deadline, BooleanSupplier cancelled, Ticket own, String notSent) {
    Instant start = clock.instant();
    Instant giveUp = start.plus(config.maxWait());
    boolean byDeadline = deadline != null && deadline.isBefore(giveUp);
    if (byDeadline) giveUp = deadline;
    String reported = null;
    while (true) {
      Instant now = clock.instant();
      Wait wait = waitAt(now, weight, own);
      if (wait == null) return;
      if (cancelled.getAsBoolean()) {
        throw new CallingestException(
            "cancelled while pacing " + config.what() + "; " + notSent, null);
      }
      Duration left = Duration.between(now, giveUp);
      if (wait.certain ? wait.duration.compareTo(left) > 0 : left.isNegative() || left.isZero()) {
        throw refusal(wait, Duration.between(start, now), byDeadline, notSent);
      }
      if (!wait.limit.equals(reported)) {
        reported = wait.limit;
        notifyListener(wait.limit, wait.certain ? wait.duration : min(wait.duration, left));
      }
      try {
        sleeper.awaitSignal(min(wait.duration, left), lock, changed);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallingestException(
            "interrupted while pacing " + config.what() + "; " + notSent, e);
      }
    }
  }

  /**
   * Records what became of a request, its last outcome deciding its slot. Attempts that may have
   * been recorded count in the windows from when they ended; when the transport reported each
   * attempt through the ticket ({@link AttemptPacing}), they already do. The slot is kept until
   * {@link #finished} (or {@link Config#inFlightExpiry()}) when the request was accepted, held for
   * {@link Config#unknownOutcomeHold()} when its outcome is unknown, and freed at once otherwise.
   * Calling it twice for one ticket does nothing.
   *
   * @param ticket from {@link #acquire}
   * @param attempts the outcome of each attempt nobody reported through the ticket, in order, the
   *     last being the request's final outcome (given even when its attempt was reported): a caller
   *     whose transport reports attempts passes only that; an earlier attempt with an unknown outcome
   *     also holds a slot for {@link Config#unknownOutcomeHold()}
   * @param key the server's id of the accepted request (a batch id), or null
   */
  public void release(Ticket ticket, List<Outcome> attempts, String key) {
    if (ticket == Ticket.NONE) return;
    if (attempts.isEmpty()) throw new IllegalArgumentException("no attempt outcome");
    lock.lock();
    try {
      if (ticket.released) return;
      Instant now = clock.instant();
      Outcome last = attempts.get(attempts.size() - 1);
      for (Outcome earlier : attempts.subList(0, attempts.size() - 1)) {
        if (counts(earlier)) state.putEntry(new PacerState.Entry(++lastId, now, ticket.weight));
        if (earlier == Outcome.UNKNOWN && config.maxInFlight() > 0) {
          state.putSlot(new PacerState.Slot(++lastId, now.plus(config.unknownOutcomeHold()), Optional.empty()));
        }
      }
      if (ticket.open) settle(ticket, last);
      ticket.released = true;
      if (config.maxInFlight() > 0) {
        if (last == Outcome.ACCEPTED) {
          state.putSlot(new PacerState.Slot(
              ticket.id, now.plus(config.inFlightExpiry()), Optional.ofNullable(key)));
        } else if (last == Outcome.UNKNOWN) {
          state.putSlot(new PacerState.Slot(
              ticket.id, now.plus(config.unknownOutcomeHold()), Optional.empty()));
        } else {
          state.removeSlot(ticket.id);
          serverBusyUntil = Instant.MIN;
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    fireChanged();
  }

  /** Like {@link #release(Ticket, List, String)} for a request of one attempt. */
  public void release(Ticket ticket, Outcome outcome, String key) {
    release(ticket, List.of(outcome), key);
  }

  /**
   * The request the server knows as {@code key} has finished (a batch seen in a terminal state): its
   * slot frees and waiters wake.
   *
   * @param key the server's id
   */
  public void finished(String key) {
    lock.lock();
    try {
      for (PacerState.Slot slot : state.slots(clock.instant())) {
        if (slot.key().isPresent() && slot.key().get().equals(key)) {
          state.removeSlot(slot.id());
          serverBusyUntil = Instant.MIN;
          changed.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
    fireChanged();
  }

  /**
   * The server refused a request because all its slots are taken, though this client counts fewer:
   * no request goes until a slot frees here or {@code retryAfter} passes.
   *
   * @param retryAfter the server's wait
   */
  public void serverAtInFlightLimit(Duration retryAfter) {
    lock.lock();
    try {
      Instant until = clock.instant().plus(retryAfter);
      if (until.isAfter(serverBusyUntil)) serverBusyUntil = until;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting request; each checks its limits again (and a cancelled one can give up). */
  public void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    fireChanged();
  }

  // ---- wt-async: the cancel-aware and non-blocking pacer contract (begin) ----
  // The same signatures as wt-pace's rewrite; at merge, that rewrite's versions are kept.

  private final Object changeLock = new Object();
  private final List<Runnable> changeActions = new ArrayList<>();

  /**
   * The answer of {@link #tryAcquire}: a ticket when the request may go now, else how long to wait
   * before trying again.
   *
   * @param ticket the ticket to pass to {@link #release}, or null when the request must wait
   * @param retryIn the wait before trying again; zero when granted
   */
  public record Admission(@Nullable Ticket ticket, Duration retryIn) {
    /** {@return whether the request may go now} */
    public boolean granted() {
      return ticket != null;
    }
  }

  /**
   * Never waits: grants a request of {@code weight} (and counts it as under way), or says how long
   * to wait before trying again. The wait is reported to the listener.
   *
   * @param weight its weight, such as the calls in a batch
   * @param waitingSince when the request began to wait; the wait counted from then is bounded by
   *     {@link Config#maxWait()}
   * @param deadline when the request must have ended, or null for none
   * @return the admission
   * @throws RateLimitedException the same refusal as {@link #acquire(int, Instant, BooleanSupplier)}
   *     when the wait counted from {@code waitingSince} would end after {@code maxWait} or the
   *     deadline
   */
  public Admission tryAcquire(int weight, Instant waitingSince, @Nullable Instant deadline) {
    if (!config.enabled()) return new Admission(Ticket.NONE, Duration.ZERO);
    Wait wait;
    Duration retryIn;
    lock.lock();
    try {
      Instant now = clock.instant();
      wait = waitAt(now, weight, null);
      if (wait == null) return new Admission(reserve(weight, () -> false), Duration.ZERO);
      retryIn = checkedWait(wait, now, waitingSince, deadline, "nothing was sent");
    } finally {
      lock.unlock();
    }
    notifyListener(wait.limit, retryIn);
    return new Admission(null, retryIn);
  }

  /**
   * Runs {@code action} once, outside every lock, at the next change that may let a waiter go: a
   * slot freed, an attempt settled, {@link #wakeAll()}.
   *
   * @param action what to run; it must not block
   * @return closing it unregisters the action (nothing happens once it ran)
   */
  public AutoCloseable whenChanged(Runnable action) {
    Objects.requireNonNull(action, "action == null");
    synchronized (changeLock) {
      changeActions.add(action);
    }
    return () -> {
      synchronized (changeLock) {
        changeActions.remove(action);
      }
    };
  }

  /**
   * Like {@link #acquire(int, Instant, BooleanSupplier)}, the wait ending at once when {@code cancel}
   * is raised.
   *
   * @param weight its weight, such as the calls in a batch
   * @param deadline when the request must have ended, or null for none
   * @param cancel the operation's cancel signal
   * @return the ticket to pass to {@link #release}
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()} or the deadline
   * @throws CallingestException if cancelled or interrupted while waiting; nothing was sent
   */
  public Ticket acquire(int weight, @Nullable Instant deadline, CancelSignal cancel) {
    Objects.requireNonNull(cancel, "cancel == null");
    try (CancelSignal.Registration wake = cancel.onCancel(this::wakeAll)) {
      return acquire(weight, deadline, cancel::isCancelled);
    }
  }

  /** The non-blocking twin of {@link #beforeRetry(Ticket, int, Instant)}; see the ticket's. */
  Optional<Duration> tryBeforeRetry(
      Ticket ticket, int attempt, Instant waitingSince, @Nullable Instant deadline) {
    Wait wait;
    Duration retryIn;
    lock.lock();
    try {
      if (ticket.released) throw new IllegalStateException("the request's ticket was released");
      if (ticket.open) settle(ticket, Outcome.UNKNOWN);
      if (ticket.lastEnded == Outcome.UNKNOWN
          && config.maxInFlight() > 0
          && ticket.heldUnknownFor != attempt) {
        ticket.heldUnknownFor = attempt;
        state.putSlot(new PacerState.Slot(
            ++lastId, ticket.lastEndedAt.plus(config.unknownOutcomeHold()), Optional.empty()));
      }
      Instant now = clock.instant();
      wait = waitAt(now, ticket.weight, ticket);
      if (wait == null) {
        ticket.entryId = ++lastId;
        ticket.open = true;
        if (!config.limits().isEmpty()) {
          state.putEntry(new PacerState.Entry(ticket.entryId, Instant.MAX, ticket.weight));
        }
        return Optional.empty();
      }
      retryIn = checkedWait(
          wait, now, waitingSince, deadline, "attempt " + attempt + " was not sent");
    } finally {
      lock.unlock();
    }
    notifyListener(wait.limit, retryIn);
    return Optional.of(retryIn);
  }

  /** The wait to try again after, or the refusal when the wait would pass maxWait or the deadline. */
  private Duration checkedWait(
      Wait wait, Instant now, Instant waitingSince, @Nullable Instant deadline, String notSent) {
    Instant giveUp = waitingSince.plus(config.maxWait());
    boolean byDeadline = deadline != null && deadline.isBefore(giveUp);
    if (byDeadline) giveUp = deadline;
    Duration left = Duration.between(now, giveUp);
    if (wait.certain ? wait.duration.compareTo(left) > 0 : left.isNegative() || left.isZero()) {
      throw refusal(wait, Duration.between(waitingSince, now), byDeadline, notSent);
    }
    return min(wait.duration, left);
  }

  /** Runs, outside every lock, the actions registered with {@link #whenChanged}. */
  private void fireChanged() {
    List<Runnable> toRun;
    synchronized (changeLock) {
      if (changeActions.isEmpty()) return;
      toRun = new ArrayList<>(changeActions);
      changeActions.clear();
    }
    for (Runnable action : toRun) {
      try {
        action.run();
      } catch (RuntimeException e) {
        System.getLogger("dev.callingest.pacing")
            .log(System.Logger.Level.WARNING, "pacing change action failed; ignored", e);
      }
    }
  }

  // ---- wt-async: the cancel-aware and non-blocking pacer contract (end) ----

  /** {@return the slots held now} */
  public int inFlightCount() {
    lock.lock();
    try {
      return config.maxInFlight() > 0 ? state.slots(clock.instant()).size() : 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@return what counts now in the window of the limit named {@code name}}
   *
   * @param name a limit's name
   */
  public long used(String name) {
    lock.lock();
    try {
      Instant now = clock.instant();
      List<PacerState.Entry> entries = state.entries(now.minus(longestWindow));
      for (Limit limit : config.limits()) {
        if (limit.name().equals(name)) return usedIn(limit, entries, now);
      }
      throw new IllegalArgumentException("no limit " + name);
    } finally {
      lock.unlock();
    }
  }

  private boolean counts(Outcome outcome) {
    switch (outcome) {
      case ACCEPTED:
      case POSSIBLY_RECORDED:
      case UNKNOWN:
        return true;
      case DEFINITE_REFUSAL:
        return config.countsRefusals();
      default:
        return false;
    }
  }

  private Ticket reserve(int weight, BooleanSupplier cancelled) {
    long id = ++lastId;
    if (!config.limits().isEmpty()) state.putEntry(new PacerState.Entry(id, Instant.MAX, weight));
    if (config.maxInFlight() > 0) state.putSlot(new PacerState.Slot(id, Instant.MAX, Optional.empty()));
    return new Ticket(this, id, weight, cancelled);
  }

  /**
   * The wait before a request of {@code weight} may go at {@code now}, or null for none; the slot
   * of {@code own} (a retrying request's ticket, or null) is the request's and does not count.
   */
  private Wait waitAt(Instant now, int weight, Ticket own) {
    Wait wait = null;
    List<PacerState.Entry> entries = state.entries(now.minus(longestWindow));
    for (Limit limit : config.limits()) {
      Instant cutoff = now.minus(limit.window());
      List<PacerState.Entry> inWindow = new ArrayList<>();
      for (PacerState.Entry entry : entries) if (entry.at().isAfter(cutoff)) inWindow.add(entry);
      long used = usedIn(limit, entries, now);
      long excess = used + (limit.weighted() ? weight : 1) - limit.max();
      if (excess <= 0) continue;
      inWindow.sort(Comparator.comparing(PacerState.Entry::at));
      Instant free = now.plus(limit.window());
      for (PacerState.Entry entry : inWindow) {
        excess -= limit.weighted() ? entry.weight() : 1;
        // A request under way counts for a whole window from whenever it ends: at least that long.
        free = entry.pending() ? now.plus(limit.window()) : entry.at().plus(limit.window());
        if (excess <= 0) break;
      }
      String reason = used + " " + limit.unit() + " were sent in the last " + describe(limit.window())
          + (limit.weighted() ? ", " + weight + " more would exceed " + limit.max() : "");
      // Only time frees a window: the wait is certain (at least this long when a request under way
      // has to leave it).
      wait = longer(wait, new Wait(limit.name(), Duration.between(now, free), true, reason));
    }
    if (config.maxInFlight() > 0) {
      List<PacerState.Slot> slots = new ArrayList<>(state.slots(now));
      if (own != null) slots.removeIf(slot -> slot.id() == own.id);
      int over = slots.size() - config.maxInFlight() + 1;
      boolean busy = now.isBefore(serverBusyUntil);
      if (over > 0 || busy) {
        List<Instant> ends = new ArrayList<>();
        boolean freeable = false;
        for (PacerState.Slot slot : slots) {
          ends.add(slot.heldUntil());
          // Under way, or accepted and waiting to be seen finished: a release may come at any time.
          freeable |= slot.heldUntil().equals(Instant.MAX) || slot.key().isPresent();
        }
        ends.sort(null);
        Instant free = over > 0 ? ends.get(over - 1) : serverBusyUntil;
        if (busy && free.isAfter(serverBusyUntil)) free = serverBusyUntil;
        String reason = busy
            ? "the server reported all its in-flight slots taken"
            : slots.size() + " " + config.whats() + " are in flight";
        wait = longer(wait, new Wait(config.inFlightName(), Duration.between(now, free),
            !freeable && !busy, reason));
      }
    }
    return wait;
  }

  private static long usedIn(Limit limit, List<PacerState.Entry> entries, Instant now) {
    Instant cutoff = now.minus(limit.window());
    long used = 0;
    for (PacerState.Entry entry : entries) {
      if (entry.at().isAfter(cutoff)) used += limit.weighted() ? entry.weight() : 1;
    }
    return used;
  }

  private RateLimitedException refusal(
      Wait wait, Duration waited, boolean byDeadline, String notSent) {
    Duration retryAfter = wait.certain ? wait.duration : min(wait.duration, max(config.maxWait(), Duration.ofSeconds(1)));
    String bound = byDeadline ? "the request's deadline" : "maxWait " + seconds(config.maxWait()) + " s";
    String when = wait.certain
        ? "the next could go in " + seconds(wait.duration) + " s, "
            + (byDeadline ? "after " : "longer than ") + bound
        : "no slot freed " + (byDeadline ? "before " : "within ") + bound + " (waited "
            + seconds(waited) + " s)";
    return ExceptionFactory.get().pacingRefusal(
        "client-side pacing: " + wait.reason + "; " + when + "; " + notSent, retryAfter);
  }

  private void notifyListener(String limit, Duration wait) {
    try {
      listener.rateLimitWait(limit, wait);
    } catch (RuntimeException e) {
      System.getLogger("dev.callingest.pacing")
          .log(System.Logger.Level.WARNING, "event listener failed; ignored", e);
    }
  }

  private static Wait longer(Wait current, Wait candidate) {
    if (current == null) return candidate;
    // A certain long wait decides over an uncertain one: it cannot end early.
    if (candidate.certain != current.certain) return candidate.certain ? candidate : current;
    return candidate.duration.compareTo(current.duration) > 0 ? candidate : current;
  }

  static String describe(Duration window) {
    if (window.equals(Duration.ofHours(1))) return "hour";
    if (window.equals(Duration.ofMinutes(1))) return "minute";
    if (window.toMillis() % 1000 == 0) return window.toSeconds() + " s";
    return window.toMillis() + " ms";
  }

  private static long seconds(Duration duration) {
    return (duration.toMillis() + 999) / 1000;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static final class Wait {
    final String limit;
    final Duration duration;
    /** True when nothing but time can end the wait, so its length is known. */
    final boolean certain;
    final String reason;

    Wait(String limit, Duration duration, boolean certain, String reason) {
      this.limit = limit;
      this.duration = duration;
      this.certain = certain;
      this.reason = reason;
    }
  }
}
