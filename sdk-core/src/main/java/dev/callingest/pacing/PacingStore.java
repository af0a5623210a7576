package dev.callingest.pacing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where an account's pacing state lives: the window entries (one per attempt the server may have
 * recorded), the in-flight slots and the server's "busy until" back-off. Every client configured
 * with the same store and account key shares them, in this process or in others.
 *
 * <p>The central operation, {@link #reserve}, checks every window and the in-flight slots and takes
 * the reservation in one atomic step, or answers how long to wait. The other operations settle what
 * became of an attempt and of its slot. All times are the store's own: callers pass durations, the
 * store reads its clock (the database's, for {@link JdbcPacingStore}), so that processes whose
 * clocks differ still agree.
 *
 * <p><b>Semantics every implementation must keep</b> (the contract tests of this SDK check them):
 *
 * <ul>
 *   <li>An entry counts in a window while it is under way (as if recorded now) and, once settled as
 *       counting, for a whole window from when it was settled. An entry under way whose lease
 *       passed (its owner died) counts from the lease's end.
 *   <li>A slot is held while under way, then for the time given to {@link #keepSlot}; a slot
 *       waiting for a batch, and a slot under way, also ends when its lease passes.
 *   <li>{@link #serverBusy} holds every reservation that needs a slot until it passes or until a
 *       slot frees through {@link #finished}; no other event clears it.
 * </ul>
 *
 * <p>Implementations are thread-safe. They never call user code. A failure is thrown as an
 * unchecked exception (preferably {@link PacingStoreException}); the SDK then fails closed and does
 * not send.
 */
public interface PacingStore {
  /**
   * Checks every limit of {@code request} and, when all allow it, reserves in one atomic step: a
   * window entry under way (when {@code request} has limits) and an in-flight slot (when {@link
   * Request#needsSlot()}), both leased to the caller. Otherwise reserves nothing and says how long
   * to wait.
   *
   * @param account the account key, such as {@code "upload:prod"}; never a secret
   * @param request what to check and reserve
   * @return the reservation, or the wait
   */
  Reservation reserve(String account, Request request);

  /**
   * Settles the entry {@code entryId}: when {@code counts} it counts in the windows from now (the
   * attempt ended now, and the server may have recorded it); otherwise it is removed (a definite
   * refusal or a 429). Unknown ids are ignored.
   *
   * @param account the account key
   * @param entryId the entry's id, from {@link Reservation#entryId()}
   * @param counts whether the attempt may have been recorded
   */
  void settle(String account, long entryId, boolean counts);

  /**
   * Adds an entry that counts from now for an attempt that was sent without a reservation of its
   * own (an attempt nobody reported before the request ended).
   *
   * @param account the account key
   * @param weight what it counts for a weighted limit
   */
  void count(String account, int weight);

  /**
   * Keeps the slot {@code slotId} after its request ended: held for {@code heldFor} from now. With
   * a {@code batchId} the slot waits for that batch and keeps its lease (its owner renews it until
   * the batch is seen finished); without one it simply ends after {@code heldFor}.
   *
   * @param account the account key
   * @param slotId the slot's id, from {@link Reservation#slotId()}
   * @param heldFor how long it stays held at most
   * @param batchId the server's batch id, or null
   */
  void keepSlot(String account, long slotId, Duration heldFor, @Nullable String batchId);

  /**
   * Takes a new slot held for {@code heldFor}, outside the limits: an earlier attempt with an
   * unknown outcome that the server may hold in flight beside its retry.
   *
   * @param account the account key
   * @param heldFor how long it is held
   */
  void holdSlot(String account, Duration heldFor);

  /**
   * Frees the slot {@code slotId} (its request was definitely refused). Does not clear the server's
   * back-off. Unknown ids are ignored.
   *
   * @param account the account key
   * @param slotId the slot's id
   */
  void freeSlot(String account, long slotId);

  /**
   * The batch {@code batchId} was seen in a terminal state: frees every slot marked with it and,
   * when one was freed, clears the server's back-off.
   *
   * @param account the account key
   * @param batchId the server's batch id
   * @return whether a slot was freed
   */
  boolean finished(String account, String batchId);

  /**
   * Renews the leases of the entries under way and the slots among {@code ids} for another lease
   * from now. Ids that are unknown, settled or not leased are ignored.
   *
   * @param account the account key
   * @param ids entry and slot ids the caller owns
   */
  void renew(String account, Collection<Long> ids);

  /**
   * The server said all its in-flight slots are taken: no reservation that needs a slot is granted
   * until {@code retryAfter} from now passes or {@link #finished} frees a slot. A shorter back-off
   * than the one in place changes nothing.
   *
   * @param account the account key
   * @param retryAfter the server's wait
   */
  void serverBusy(String account, Duration retryAfter);

  /**
   * What counts now in the window of {@code limit}.
   *
   * @param account the account key
   * @param limit the limit
   * @return requests, or weight for a weighted limit
   */
  long used(String account, Limit limit);

  /**
   * The slots held now.
   *
   * @param account the account key
   * @return the count
   */
  int inFlight(String account);

  /**
   * How often a waiting request asks again, since a change made by another process wakes nobody
   * here; empty when every change comes through this process (the in-memory store). Measured on the
   * pacing clock.
   *
   * @return the interval, or empty
   */
  default Optional<Duration> pollInterval() {
    return Optional.of(Duration.ofSeconds(1));
  }

  /**
   * How often, in real time, the owner of leased entries and slots must {@link #renew} them; empty
   * when leases never expire (the in-memory store, whose owner is this process).
   *
   * @return the interval, or empty
   */
  default Optional<Duration> renewalInterval() {
    return Optional.empty();
  }

  /** One sliding-window limit: at most {@code max} requests (or weight) in any {@code window}. */
  final class Limit {
    private final String name;
    private final int max;
    private final Duration window;
    private final boolean weighted;

    private Limit(String name, int max, Duration window, boolean weighted) {
      this.name = Objects.requireNonNull(name, "name == null");
      this.window = Objects.requireNonNull(window, "window == null");
      if (max < 1) throw new IllegalArgumentException("max < 1: " + max);
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive: " + window);
      }
      this.max = max;
      this.weighted = weighted;
    }

    /**
     * A limit.
     *
     * @param name its name, as reported in events
     * @param max the most requests (or weight) in any window, at least 1
     * @param window the window's length, positive
     * @param weighted true to count each request's weight (such as its calls)
     * @return the limit
     */
    public static Limit of(String name, int max, Duration window, boolean weighted) {
      return new Limit(name, max, window, weighted);
    }

    /** {@return the limit's name} */
    public String name() {
      return name;
    }

    /** {@return the most requests or weight in any window} */
    public int max() {
      return max;
    }

    /** {@return the window's length} */
    public Duration window() {
      return window;
    }

    /** {@return whether each request counts its weight rather than 1} */
    public boolean weighted() {
      return weighted;
    }

    @Override
    public String toString() {
      return name + "(" + max + (weighted ? " weighted" : "") + " per " + window + ")";
    }
  }

  /** What one reservation must fit: its weight, the limits, and the in-flight slots. */
  final class Request {
    private final int weight;
    private final List<Limit> limits;
    private final int maxInFlight;
    private final boolean needsSlot;
    private final long ownSlot;

    private Request(
        int weight, List<Limit> limits, int maxInFlight, boolean needsSlot, long ownSlot) {
      if (weight < 1) throw new IllegalArgumentException("weight < 1: " + weight);
      if (maxInFlight < 0) throw new IllegalArgumentException("maxInFlight < 0: " + maxInFlight);
      this.weight = weight;
      this.limits = List.copyOf(limits);
      this.maxInFlight = maxInFlight;
      this.needsSlot = needsSlot;
      this.ownSlot = ownSlot;
    }

    /**
     * A first attempt: needs room in every window and, when {@code maxInFlight > 0}, a slot.
     *
     * @param weight its weight, at least 1
     * @param limits the window limits; empty for none
     * @param maxInFlight the most slots held at once; 0 for no limit
     * @return the request
     */
    public static Request first(int weight, List<Limit> limits, int maxInFlight) {
      return new Request(weight, limits, maxInFlight, maxInFlight > 0, 0);
    }

    /**
     * A retry of a request that already holds slot {@code ownSlot}: needs room in every window and
     * a free slot beside its own (which does not count against it), and takes no new slot.
     *
     * @param weight its weight, at least 1
     * @param limits the window limits; empty for none
     * @param maxInFlight the most slots held at once; 0 for no limit
     * @param ownSlot the request's own slot id, or 0 for none
     * @return the request
     */
    public static Request retry(int weight, List<Limit> limits, int maxInFlight, long ownSlot) {
      return new Request(weight, limits, maxInFlight, false, ownSlot);
    }

    /** {@return the weight, such as the calls in a batch} */
    public int weight() {
      return weight;
    }

    /** {@return the window limits} */
    public List<Limit> limits() {
      return limits;
    }

    /** {@return the most slots held at once; 0 for no limit} */
    public int maxInFlight() {
      return maxInFlight;
    }

    /** {@return whether a granted reservation takes a new slot} */
    public boolean needsSlot() {
      return needsSlot;
    }

    /** {@return the slot the request already holds, not counted against it; 0 for none} */
    public long ownSlot() {
      return ownSlot;
    }
  }

  /** The answer of {@link #reserve}: a reservation, or how long to wait. */
  final class Reservation {
    private final long entryId;
    private final long slotId;
    private final @Nullable String limit;
    private final Duration retryIn;
    private final boolean certain;
    private final long used;
    private final boolean serverBusy;

    private Reservation(
        long entryId,
        long slotId,
        @Nullable String limit,
        Duration retryIn,
        boolean certain,
        long used,
        boolean serverBusy) {
      this.entryId = entryId;
      this.slotId = slotId;
      this.limit = limit;
      this.retryIn = retryIn;
      this.certain = certain;
      this.used = used;
      this.serverBusy = serverBusy;
    }

    /**
     * A granted reservation.
     *
     * @param entryId the window entry taken, or 0 when the request has no limits
     * @param slotId the slot taken, or 0 when none was needed
     * @return the reservation
     */
    public static Reservation granted(long entryId, long slotId) {
      return new Reservation(entryId, slotId, null, Duration.ZERO, true, 0, false);
    }

    /**
     * A wait.
     *
     * @param limit the limit that decides the wait: a {@link Limit#name()}, or {@code "in-flight"}
     * @param retryIn how long until it may go
     * @param certain true when only time can end the wait (a window); false when a freed slot may
     *     end it early
     * @param used what counts now against that limit (requests, weight, or slots held)
     * @param serverBusy whether the server's back-off decides the wait
     * @return the answer
     */
    public static Reservation waitFor(
        String limit, Duration retryIn, boolean certain, long used, boolean serverBusy) {
      Objects.requireNonNull(limit, "limit == null");
      return new Reservation(0, 0, limit, retryIn, certain, used, serverBusy);
    }

    /** {@return whether the reservation was taken} */
    public boolean granted() {
      return limit == null;
    }

    /** {@return the window entry taken; 0 when none (no limits, or not granted)} */
    public long entryId() {
      return entryId;
    }

    /** {@return the slot taken; 0 when none} */
    public long slotId() {
      return slotId;
    }

    /** {@return for a wait, the deciding limit's name or {@code "in-flight"}; else empty} */
    public Optional<String> limit() {
      return Optional.ofNullable(limit);
    }

    /** {@return how long to wait; zero when granted} */
    public Duration retryIn() {
      return retryIn;
    }

    /** {@return whether nothing but time can end the wait} */
    public boolean certain() {
      return certain;
    }

    /** {@return what counts now against the deciding limit} */
    public long used() {
      return used;
    }

    /** {@return whether the server's back-off decides the wait} */
    public boolean serverBusy() {
      return serverBusy;
    }

    @Override
    public String toString() {
      return granted()
          ? "Reservation{entry=" + entryId + ", slot=" + slotId + "}"
          : "Wait{" + limit + ", " + retryIn + (certain ? "" : ", may end early") + "}";
    }
  }

  /** The name {@link Reservation#limit()} gives the in-flight limit. */
  String IN_FLIGHT = "in-flight";
}
