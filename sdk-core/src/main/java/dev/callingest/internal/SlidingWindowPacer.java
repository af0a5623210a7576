package dev.callingest.internal;

import dev.callingest.ApiException;
import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientEventListener;
import dev.callingest.ConnectionException;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.Sleeper;
import dev.callingest.pacing.InMemoryPacingStore;
import dev.callingest.pacing.PacingStore;
import dev.callingest.pacing.PacingStore.Reservation;
import dev.callingest.pacing.PacingStoreException;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Client-side pacing shared by both APIs: sliding-window limits (requests, or a weight such as
 * calls, in any window of a configurable length) and an optional number of slots in flight.
 *
 * <p>The windows follow the server's view. A request counts from the moment the server may have
 * recorded it: while it is under way it counts as if it had just been recorded, and once its
 * attempt ended it counts for a whole window from that end (later than the server's own record, so
 * the client's window always covers the server's). The caller says after each request what the
 * server may have done ({@link Outcome}): an attempt that may have been recorded counts, a definite
 * refusal does not (unless {@link Config#countsRefusals()}), and a 429 never does.
 *
 * <p>Every attempt counts, not only a request's first: the {@link Ticket} a request holds is the
 * {@link AttemptPacing} its transport reports each attempt's end to and asks before each retry. A
 * retry waits like a first attempt (the request keeps its own slot; a previous attempt with an
 * unknown outcome takes a slot of its own for {@link Config#unknownOutcomeHold()}), within {@link
 * Config#maxWait()} and the request's deadline.
 *
 * <p>What is counted lives in a {@link PacingStore} under an account key, so that every pacer (in
 * this process or another) given the same store and key shares one account's limits. The store
 * checks and reserves in one atomic step; this class holds no lock of its own around it, so the
 * event listener is never called under a lock. A waiting request sleeps through the {@link
 * PacerSleeper}, woken by every local change (a freed slot, a settled attempt, {@link #wakeAll()},
 * a cancel) and, for a store shared with other processes, asking again at least every {@link
 * PacingStore#pollInterval()}. {@link #tryAcquire} and {@link Ticket#tryBeforeRetry} never wait,
 * for callers that schedule their own continuation. When the store fails, pacing fails closed: the
 * request is refused with a {@link PacingStoreException} and not sent.
 *
 * <p>Not resilience4j's rate limiter: its public {@code RateLimiter} counts fixed refresh periods
 * (up to twice the limit around each period edge) on the system clock, and has no notion of a
 * permit that counts from when the request ended, or that is given back when the server refused it.
 */
public final class SlidingWindowPacer {
  private static final System.Logger LOG = System.getLogger("dev.callingest.pacing");
  private static final ScheduledExecutorService RENEWALS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "callingest-pacing-lease-renewal");
            thread.setDaemon(true);
            return thread;
          });

  private final Config config;
  private final PacingStore store;
  private final String account;
  private final List<PacingStore.Limit> limits;
  private final Map<String, Limit> limitsByName = new HashMap<>();
  private final Clock clock;
  private final PacerSleeper sleeper;
  private final ClientEventListener listener;
  private final Changes changes = new Changes();

  /**
   * Entries under way and slots this pacer owns whose leases it renews, each with when to stop (MAX
   * while under way; a kept batch's slot until its in-flight expiry, if never seen finished).
   */
  private final Map<Long, Instant> leased = new ConcurrentHashMap<>();

  /** The slot of each accepted batch this pacer waits to see finished. */
  private final Map<String, Long> batchSlots = new ConcurrentHashMap<>();

  private final AtomicReference<@Nullable ScheduledFuture<?>> renewal = new AtomicReference<>();

  /**
   * Creates a pacer with a store of its own, in memory, on {@code clock}.
   *
   * @param config the limits
   * @param clock the clock the windows run on
   * @param sleeper what waits (and notices changes, if it can)
   * @param listener told of every wait
   */
  public SlidingWindowPacer(
      Config config, Clock clock, Sleeper sleeper, ClientEventListener listener) {
    this(config, InMemoryPacingStore.create(clock, null), "local", clock, sleeper, listener);
  }

  /**
   * Creates a pacer.
   *
   * @param config the limits
   * @param store where the window entries, slots and back-off are kept
   * @param account the account key in {@code store}
   * @param clock the clock deadlines and {@code maxWait} are measured on
   * @param sleeper what waits (and notices changes, if it can)
   * @param listener told of every wait
   */
  public SlidingWindowPacer(
      Config config,
      PacingStore store,
      String account,
      Clock clock,
      Sleeper sleeper,
      ClientEventListener listener) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.account = Objects.requireNonNull(account, "account == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.sleeper = PacerSleeper.of(Objects.requireNonNull(sleeper, "sleeper == null"));
    this.listener = Objects.requireNonNull(listener, "listener == null");
    List<PacingStore.Limit> storeLimits = new ArrayList<>();
    for (Limit limit : config.limits()) {
      storeLimits.add(
          PacingStore.Limit.of(limit.name(), limit.max(), limit.window(), limit.weighted()));
      limitsByName.put(limit.name(), limit);
    }
    this.limits = List.copyOf(storeLimits);
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
    /**
     * The request was never fully sent (connection refused, reset while writing): nobody counts it.
     */
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
      if (e instanceof PacingStoreException) return NOT_SENT;
      if (e instanceof RequestInDoubtException || e instanceof MalformedResponseException) {
        return UNKNOWN;
      }
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
   * @param weighted true to count each request's weight (such as its calls), false to count
   *     requests
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
   * @param unknownOutcomeHold how long a request with an {@link Outcome#UNKNOWN} outcome holds a
   *     slot
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
   * The answer of {@link #tryAcquire}: a ticket, or how long to wait before trying again.
   *
   * @param ticket the ticket to pass to {@link #release}, or null when the request must wait
   * @param retryIn how long to wait before trying again; zero when granted
   */
  public record Admission(@Nullable Ticket ticket, Duration retryIn) {
    /** {@return whether the request may go now (and counts as under way)} */
    public boolean granted() {
      return ticket != null;
    }
  }

  /**
   * A request's place in the windows and its slot, until {@link #release}. As the {@link
   * AttemptPacing} of its request it counts every attempt: the transport reports how each ended and
   * asks before each retry, which waits for room in the windows (and a slot, when an earlier
   * attempt may still hold one on the server) like the first attempt did. Its state is guarded by
   * itself.
   */
  public static final class Ticket implements AttemptPacing {
    static final Ticket NONE = new Ticket(null, 0, 0, 0, CancelSignal.NEVER);

    private final @Nullable SlidingWindowPacer pacer;
    final long slotId;
    final int weight;
    final CancelSignal cancel;

    /** The window entry of the current attempt; 0 when the pacer has no window limits. */
    long entryId;

    /** Whether the current attempt is under way: sent or about to be, its end not yet reported. */
    boolean open = true;

    /** How the last reported attempt ended, or null before any was reported. */
    @Nullable Outcome lastEnded;

    /** When it ended, on the pacer's clock. */
    Instant lastEndedAt = Instant.MIN;

    /** The attempt whose retry was prepared (its predecessor settled, its hold taken), or 0. */
    int prepared;

    boolean released;

    Ticket(
        @Nullable SlidingWindowPacer pacer,
        long entryId,
        long slotId,
        int weight,
        CancelSignal cancel) {
      this.pacer = pacer;
      this.entryId = entryId;
      this.slotId = slotId;
      this.weight = weight;
      this.cancel = cancel;
    }

    @Override
    public void attemptEnded(int attempt, Outcome outcome) {
      if (pacer != null) pacer.attemptEnded(this, outcome);
    }

    @Override
    public void beforeRetry(int attempt, @Nullable Instant deadline) {
      if (pacer != null) pacer.beforeRetry(this, attempt, deadline);
    }

    @Override
    public Optional<Duration> tryBeforeRetry(
        int attempt, Instant waitingSince, @Nullable Instant deadline) {
      if (pacer == null) return Optional.empty();
      return pacer.tryBeforeRetry(this, attempt, waitingSince, deadline);
    }
  }

  /**
   * Waits until a request of {@code weight} may go, and counts it as under way.
   *
   * @param weight its weight, such as the calls in a batch
   * @return the ticket to pass to {@link #release}
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()}
   * @throws PacingStoreException if the store failed; nothing was sent
   * @throws CallingestException if the thread is interrupted while waiting (its flag is set again)
   */
  public Ticket acquire(int weight) {
    return acquire(weight, null, CancelSignal.NEVER);
  }

  /**
   * Waits until a request of {@code weight} may go, refusing at once a wait that would end after
   * {@code deadline} (a request's overall deadline, which covers the pacing wait), and counts it as
   * under way. A cancel of {@code cancel} wakes the wait at once.
   *
   * @param weight its weight, such as the calls in a batch
   * @param deadline when the request must have ended, or null for none
   * @param cancel raised when the caller gives up; the ticket keeps it for the retries' waits
   * @return the ticket to pass to {@link #release}
   * @throws RateLimitedException if the wait would end after {@link Config#maxWait()} or the
   *     deadline
   * @throws CancelledException if cancelled while waiting; nothing was sent
   * @throws PacingStoreException if the store failed; nothing was sent
   * @throws CallingestException if interrupted while waiting (its flag is set again); nothing was
   *     sent
   */
  public Ticket acquire(int weight, @Nullable Instant deadline, CancelSignal cancel) {
    if (!config.enabled()) return Ticket.NONE;
    Objects.requireNonNull(cancel, "cancel == null");
    Instant start = clock.instant();
    String notSent = "nothing was sent";
    Ticket[] granted = new Ticket[1];
    blockUntil(
        cancel,
        notSent,
        () -> {
          Reservation r =
              reserve(PacingStore.Request.first(weight, limits, config.maxInFlight()), notSent);
          if (r.granted()) {
            granted[0] = newTicket(r, weight, cancel);
            return null;
          }
          return r;
        },
        start,
        deadline,
        weight);
    return Objects.requireNonNull(granted[0]);
  }

  /**
   * A non-blocking try: a ticket, or how long to wait before trying again. Like {@link
   * #acquire(int, Instant, CancelSignal)} but never waits. Each wait it answers is reported to the
   * listener.
   *
   * @param weight its weight, such as the calls in a batch
   * @param waitingSince when the request began waiting for pacing (its first try)
   * @param deadline when the request must have ended, or null for none
   * @return a granted admission with its ticket, or how long to wait: exactly the wait when only
   *     time can end it (a full window); otherwise no longer than the time left before the wait
   *     would be refused nor, for a shared store, than {@link PacingStore#pollInterval()}, so that
   *     a slot freed elsewhere is noticed
   * @throws RateLimitedException if the wait, counted from {@code waitingSince}, would end after
   *     {@link Config#maxWait()} or the deadline
   * @throws PacingStoreException if the store failed; nothing was sent
   */
  public Admission tryAcquire(int weight, Instant waitingSince, @Nullable Instant deadline) {
    if (!config.enabled()) return new Admission(Ticket.NONE, Duration.ZERO);
    String notSent = "nothing was sent";
    Reservation r =
        reserve(PacingStore.Request.first(weight, limits, config.maxInFlight()), notSent);
    if (r.granted()) return new Admission(newTicket(r, weight, CancelSignal.NEVER), Duration.ZERO);
    Duration retryIn = retryIn(r, waitingSince, deadline, weight, notSent);
    notifyListener(r, retryIn);
    return new Admission(null, retryIn);
  }

  /**
   * Runs {@code action} once, outside every lock, at the next change that may let a waiter go (a
   * slot freed, an attempt settled, {@link #wakeAll()}). Changes made by other processes through a
   * shared store are not seen: poll at {@link PacingStore#pollInterval()} for those.
   *
   * @param action what to run
   * @return closing it unregisters the action (it does nothing once the action ran)
   */
  public AutoCloseable whenChanged(Runnable action) {
    return changes.register(Objects.requireNonNull(action, "action == null"));
  }

  private Ticket newTicket(Reservation r, int weight, CancelSignal cancel) {
    Ticket ticket = new Ticket(this, r.entryId(), r.slotId(), weight, cancel);
    lease(r.entryId());
    lease(r.slotId());
    return ticket;
  }

  /**
   * The request of {@code ticket} is about to send attempt {@code attempt} (2 or later): waits, as
   * {@link #acquire(int, Instant, CancelSignal)} does, until it may go, then counts it as under
   * way. The request keeps its own slot; when its previous attempt ended with an {@link
   * Outcome#UNKNOWN} outcome, that attempt takes a slot of its own for {@link
   * Config#unknownOutcomeHold()} first, since the server may hold it in flight beside the retry.
   */
  void beforeRetry(Ticket ticket, int attempt, @Nullable Instant deadline) {
    Instant start = clock.instant();
    String notSent = "attempt " + attempt + " was not sent";
    blockUntil(
        ticket.cancel,
        notSent,
        () -> retryReservation(ticket, attempt, notSent),
        start,
        deadline,
        ticket.weight);
  }

  /** Non-blocking {@link #beforeRetry}: empty when the attempt may go, else how long to wait. */
  Optional<Duration> tryBeforeRetry(
      Ticket ticket, int attempt, Instant waitingSince, @Nullable Instant deadline) {
    String notSent = "attempt " + attempt + " was not sent";
    Reservation wait = retryReservation(ticket, attempt, notSent);
    if (wait == null) return Optional.empty();
    Duration retryIn = retryIn(wait, waitingSince, deadline, ticket.weight, notSent);
    notifyListener(wait, retryIn);
    return Optional.of(retryIn);
  }

  /**
   * Prepares attempt {@code attempt} once (settles its predecessor if nobody did, holds a slot for
   * a predecessor with an unknown outcome), then tries to reserve it: null when it may go (and it
   * counts as under way), else the store's wait.
   */
  private @Nullable Reservation retryReservation(Ticket ticket, int attempt, String notSent) {
    Duration hold = null;
    long openEntry = 0;
    boolean settleOpen = false;
    synchronized (ticket) {
      if (ticket.released) throw new IllegalStateException("the request's ticket was released");
      if (ticket.prepared != attempt) {
        ticket.prepared = attempt;
        // An attempt whose end nobody reported may have been recorded: the conservative reading.
        if (ticket.open) {
          settleOpen = true;
          openEntry = ticket.entryId;
          ticket.open = false;
          ticket.lastEnded = Outcome.UNKNOWN;
          ticket.lastEndedAt = clock.instant();
        }
        if (ticket.lastEnded == Outcome.UNKNOWN && config.maxInFlight() > 0) {
          // Held from when that attempt ended, not from now.
          hold =
              config
                  .unknownOutcomeHold()
                  .minus(Duration.between(ticket.lastEndedAt, clock.instant()));
        }
      }
    }
    if (settleOpen) settleEntry(openEntry, Outcome.UNKNOWN);
    if (hold != null && hold.compareTo(Duration.ZERO) > 0) {
      Duration heldFor = hold;
      store(
          notSent,
          () -> {
            store.holdSlot(account, heldFor);
            return null;
          });
    }
    Reservation r =
        reserve(
            PacingStore.Request.retry(ticket.weight, limits, config.maxInFlight(), ticket.slotId),
            notSent);
    if (!r.granted()) return r;
    synchronized (ticket) {
      ticket.entryId = r.entryId();
      ticket.open = true;
    }
    lease(r.entryId());
    return null;
  }

  /**
   * Loops {@code attempt} (null when granted, else the store's wait) until it grants, sleeping
   * between tries outside every lock, woken by changes and by {@code cancel}.
   */
  private void blockUntil(
      CancelSignal cancel,
      String notSent,
      Supplier<@Nullable Reservation> attempt,
      Instant start,
      @Nullable Instant deadline,
      int weight) {
    String reported = null;
    try (CancelSignal.Registration ignored = cancel.onCancel(changes::signal)) {
      while (true) {
        if (cancel.isCancelled()) {
          throw new CancelledException(
              "cancelled while pacing " + config.what() + "; " + notSent, 0, null);
        }
        long seen = changes.generation();
        Reservation wait = attempt.get();
        if (wait == null) return;
        Duration retryIn = retryIn(wait, start, deadline, weight, notSent);
        String limit = wait.limit().orElse("");
        if (!limit.equals(reported)) {
          reported = limit;
          notifyListener(wait, retryIn);
        }
        try {
          sleeper.await(retryIn, realTime -> changes.await(seen, realTime));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CallingestException(
              "interrupted while pacing " + config.what() + "; " + notSent, e);
        }
      }
    }
  }

  /**
   * How long to wait before asking again, or the refusal: a wait certain to end after the give-up
   * point, or an uncertain one whose give-up point has come.
   */
  private Duration retryIn(
      Reservation wait, Instant start, @Nullable Instant deadline, int weight, String notSent) {
    Instant now = clock.instant();
    Instant giveUp = start.plus(config.maxWait());
    boolean byDeadline = deadline != null && deadline.isBefore(giveUp);
    if (byDeadline) giveUp = deadline;
    Duration left = Duration.between(now, giveUp);
    if (wait.certain() ? wait.retryIn().compareTo(left) > 0 : left.isNegative() || left.isZero()) {
      throw refusal(wait, Duration.between(start, now), byDeadline, weight, notSent);
    }
    if (wait.certain()) return wait.retryIn();
    // A slot another process frees wakes nobody here: ask again at the store's poll interval.
    Duration retryIn = min(wait.retryIn(), left);
    Optional<Duration> poll = store.pollInterval();
    if (poll.isPresent()) retryIn = min(retryIn, poll.get());
    return retryIn;
  }

  /**
   * The current attempt of the request of {@code ticket} ended in {@code outcome}: it counts in the
   * windows from now if it may have been recorded (see {@link #release}), and is dropped from them
   * otherwise. Waiters wake. Does nothing once the ticket was released or the attempt reported.
   */
  void attemptEnded(Ticket ticket, Outcome outcome) {
    long entry;
    synchronized (ticket) {
      if (ticket.released || !ticket.open) return;
      entry = ticket.entryId;
      ticket.open = false;
      ticket.lastEnded = outcome;
      ticket.lastEndedAt = clock.instant();
    }
    settleEntry(entry, outcome);
    changes.signal();
  }

  /** Settles a window entry; a store failure leaves it under way, to count from its lease's end. */
  private void settleEntry(long entryId, Outcome outcome) {
    if (entryId == 0) return;
    leased.remove(entryId);
    bestEffort("settle an attempt", () -> store.settle(account, entryId, counts(outcome)));
  }

  /**
   * Records what became of a request, its last outcome deciding its slot. Attempts that may have
   * been recorded count in the windows from when they ended; when the transport reported each
   * attempt through the ticket ({@link AttemptPacing}), they already do. The slot is kept until
   * {@link #finished} (or {@link Config#inFlightExpiry()}) when the request was accepted, held for
   * {@link Config#unknownOutcomeHold()} when its outcome is unknown, and freed at once otherwise
   * (which does not clear the server's back-off: only a batch seen finished or the back-off's end
   * does). Calling it twice for one ticket does nothing. A store failure here is logged, not
   * thrown: the request already went, and its leases end by themselves.
   *
   * @param ticket from {@link #acquire}
   * @param attempts the outcome of each attempt nobody reported through the ticket, in order, the
   *     last being the request's final outcome (given even when its attempt was reported): a caller
   *     whose transport reports attempts passes only that; an earlier attempt with an unknown
   *     outcome also holds a slot for {@link Config#unknownOutcomeHold()}
   * @param key the server's id of the accepted request (a batch id), or null
   */
  public void release(Ticket ticket, List<Outcome> attempts, @Nullable String key) {
    if (ticket == Ticket.NONE) return;
    if (attempts.isEmpty()) throw new IllegalArgumentException("no attempt outcome");
    Outcome last = attempts.get(attempts.size() - 1);
    long openEntry = 0;
    synchronized (ticket) {
      if (ticket.released) return;
      ticket.released = true;
      if (ticket.open) {
        openEntry = ticket.entryId;
        ticket.open = false;
        ticket.lastEnded = last;
      }
    }
    for (Outcome earlier : attempts.subList(0, attempts.size() - 1)) {
      if (counts(earlier) && !limits.isEmpty()) {
        bestEffort("count an attempt", () -> store.count(account, ticket.weight));
      }
      if (earlier == Outcome.UNKNOWN && config.maxInFlight() > 0) {
        bestEffort("hold a slot", () -> store.holdSlot(account, config.unknownOutcomeHold()));
      }
    }
    settleEntry(openEntry, last);
    long slot = ticket.slotId;
    if (slot != 0) {
      if (last == Outcome.ACCEPTED && key != null) {
        batchSlots.put(key, slot);
        leased.computeIfPresent(slot, (id, until) -> clock.instant().plus(config.inFlightExpiry()));
        bestEffort(
            "keep a slot", () -> store.keepSlot(account, slot, config.inFlightExpiry(), key));
      } else {
        leased.remove(slot);
        if (last == Outcome.ACCEPTED) {
          bestEffort(
              "keep a slot", () -> store.keepSlot(account, slot, config.inFlightExpiry(), null));
        } else if (last == Outcome.UNKNOWN) {
          bestEffort(
              "hold a slot",
              () -> store.keepSlot(account, slot, config.unknownOutcomeHold(), null));
        } else {
          bestEffort("free a slot", () -> store.freeSlot(account, slot));
        }
      }
    }
    changes.signal();
  }

  /** Like {@link #release(Ticket, List, String)} for a request of one attempt. */
  public void release(Ticket ticket, Outcome outcome, @Nullable String key) {
    release(ticket, List.of(outcome), key);
  }

  /**
   * The request the server knows as {@code key} has finished (a batch seen in a terminal state):
   * its slot frees, the server's back-off ends, and waiters wake.
   *
   * @param key the server's id
   */
  public void finished(String key) {
    Long slot = batchSlots.remove(key);
    if (slot != null) leased.remove(slot);
    bestEffort("free a finished batch's slot", () -> store.finished(account, key));
    changes.signal();
  }

  /**
   * The server refused a request because all its slots are taken, though this client counts fewer:
   * no request goes (in any process sharing the store) until a slot is seen finished or {@code
   * retryAfter} passes.
   *
   * @param retryAfter the server's wait
   */
  public void serverAtInFlightLimit(Duration retryAfter) {
    bestEffort("record the server's back-off", () -> store.serverBusy(account, retryAfter));
  }

  /**
   * Wakes every waiting request; each checks its limits again (and a cancelled one can give up).
   */
  public void wakeAll() {
    changes.signal();
  }

  /** {@return the slots held now} */
  public int inFlightCount() {
    return config.maxInFlight() > 0 ? store.inFlight(account) : 0;
  }

  /**
   * {@return what counts now in the window of the limit named {@code name}}
   *
   * @param name a limit's name
   */
  public long used(String name) {
    for (PacingStore.Limit limit : limits) {
      if (limit.name().equals(name)) return store.used(account, limit);
    }
    throw new IllegalArgumentException("no limit " + name);
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

  private Reservation reserve(PacingStore.Request request, String notSent) {
    return store(notSent, () -> store.reserve(account, request));
  }

  /** Runs a store call before sending: any failure refuses the request (fail closed). */
  private <T> T store(String notSent, Supplier<T> call) {
    try {
      return call.get();
    } catch (PacingStoreException e) {
      throw new PacingStoreException(
          "client-side pacing could not be checked: " + e.getMessage() + "; " + notSent, e);
    } catch (RuntimeException e) {
      throw new PacingStoreException(
          "client-side pacing could not be checked: the pacing store"
              + " failed ("
              + e.getClass().getName()
              + "); "
              + notSent,
          e);
    }
  }

  /** Runs a store call after sending: a failure is logged, since the request already went. */
  private void bestEffort(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "pacing store failed to " + what + " (" + e.getClass().getName() + "); its lease ends it",
          e);
    }
  }

  private void lease(long id) {
    if (id == 0) return;
    Optional<Duration> every = store.renewalInterval();
    if (every.isEmpty()) return;
    leased.put(id, Instant.MAX);
    if (renewal.get() != null) return;
    long millis = Math.max(1, every.get().toMillis());
    WeakReference<SlidingWindowPacer> self = new WeakReference<>(this);
    AtomicReference<@Nullable ScheduledFuture<?>> holder = new AtomicReference<>();
    ScheduledFuture<?> future =
        RENEWALS.scheduleWithFixedDelay(
            () -> {
              SlidingWindowPacer pacer = self.get();
              if (pacer == null) {
                ScheduledFuture<?> f = holder.get();
                if (f != null) f.cancel(false);
                return;
              }
              pacer.renewLeases();
            },
            millis,
            millis,
            TimeUnit.MILLISECONDS);
    holder.set(future);
    if (!renewal.compareAndSet(null, future)) future.cancel(false);
  }

  /** Renews the leases of every entry under way and every slot this pacer owns. */
  void renewLeases() {
    if (leased.isEmpty()) return;
    Instant now = clock.instant();
    leased.values().removeIf(until -> !until.isAfter(now));
    batchSlots.values().removeIf(slot -> !leased.containsKey(slot));
    bestEffort("renew leases", () -> store.renew(account, new ArrayList<>(leased.keySet())));
  }

  private RateLimitedException refusal(
      Reservation wait, Duration waited, boolean byDeadline, int weight, String notSent) {
    Duration retryAfter =
        wait.certain()
            ? wait.retryIn()
            : min(wait.retryIn(), max(config.maxWait(), Duration.ofSeconds(1)));
    String bound =
        byDeadline ? "the request's deadline" : "maxWait " + seconds(config.maxWait()) + " s";
    String when =
        wait.certain()
            ? "the next could go in "
                + seconds(wait.retryIn())
                + " s, "
                + (byDeadline ? "after " : "longer than ")
                + bound
            : "no slot freed "
                + (byDeadline ? "before " : "within ")
                + bound
                + " (waited "
                + seconds(waited)
                + " s)";
    return new RateLimitedException(
        "client-side pacing: " + reason(wait, weight) + "; " + when + "; " + notSent, retryAfter);
  }

  private String reason(Reservation wait, int weight) {
    String name = wait.limit().orElse("");
    Limit limit = limitsByName.get(name);
    if (limit == null) {
      return wait.serverBusy()
          ? "the server reported all its in-flight slots taken"
          : wait.used() + " " + config.whats() + " are in flight";
    }
    return wait.used()
        + " "
        + limit.unit()
        + " were sent in the last "
        + describe(limit.window())
        + (limit.weighted() ? ", " + weight + " more would exceed " + limit.max() : "");
  }

  /** Tells the listener of a wait; never under a lock of ours. */
  private void notifyListener(Reservation wait, Duration retryIn) {
    String name = wait.limit().orElse("");
    String event = limitsByName.containsKey(name) ? name : config.inFlightName();
    try {
      listener.rateLimitWait(event, retryIn);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "event listener failed; ignored", e);
    }
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

  /**
   * The change signal: a generation counter that waiters block on, and one-shot actions that run at
   * the next change, outside the lock.
   */
  private static final class Changes {
    private final Object lock = new Object();
    private long generation;
    private List<Runnable> actions = new ArrayList<>();

    long generation() {
      synchronized (lock) {
        return generation;
      }
    }

    void signal() {
      List<Runnable> toRun;
      synchronized (lock) {
        generation++;
        lock.notifyAll();
        toRun = actions;
        actions = new ArrayList<>();
      }
      for (Runnable action : toRun) {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "pacing change action failed; ignored", e);
        }
      }
    }

    boolean await(long seen, Duration realTime) throws InterruptedException {
      long end = System.nanoTime() + realTime.toNanos();
      synchronized (lock) {
        while (generation == seen) {
          long left = end - System.nanoTime();
          if (left <= 0) return false;
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
        return true;
      }
    }

    AutoCloseable register(Runnable action) {
      synchronized (lock) {
        actions.add(action);
      }
      return () -> {
        synchronized (lock) {
          actions.remove(action);
        }
      };
    }
  }
}
