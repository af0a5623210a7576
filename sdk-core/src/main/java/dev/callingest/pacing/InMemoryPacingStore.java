package dev.callingest.pacing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link PacingStore}: this process only. Clients given the same instance and account
 * key share one account's limits within the process; a client given no store gets one of its own.
 * Entries and slots have no lease (their owner is this process, which cannot die without them).
 * Every change made through this store is seen at once by the pacer that made it; a pacer sharing
 * the store with another client notices that client's changes within {@link #pollInterval()}.
 */
public final class InMemoryPacingStore implements PacingStore {
  private final Clock clock;
  private final @Nullable Duration pollInterval;
  private final Map<String, Account> accounts = new HashMap<>();
  private long lastId;

  private InMemoryPacingStore(Clock clock, @Nullable Duration pollInterval) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.pollInterval = pollInterval;
  }

  /**
   * A store on the system clock, for sharing between clients of this process: waiters ask again at
   * least every second.
   *
   * @return a new, empty store
   */
  public static InMemoryPacingStore create() {
    return new InMemoryPacingStore(Clock.systemUTC(), Duration.ofSeconds(1));
  }

  /**
   * A store on {@code clock} (tests run an hour in milliseconds with a fake one).
   *
   * @param clock the clock the windows run on
   * @param pollInterval how often a waiter asks again, or null when only one pacer uses the store
   *     (every change then wakes its waiters directly)
   * @return a new, empty store
   */
  public static InMemoryPacingStore create(Clock clock, @Nullable Duration pollInterval) {
    return new InMemoryPacingStore(clock, pollInterval);
  }

  private static final class Account {
    final Map<Long, WindowCheck.Entry> entries = new LinkedHashMap<>();
    final Map<Long, WindowCheck.Slot> slots = new LinkedHashMap<>();
    long busyUntil = Long.MIN_VALUE;
  }

  private Account account(String account) {
    Objects.requireNonNull(account, "account == null");
    return accounts.computeIfAbsent(account, k -> new Account());
  }

  private long now() {
    return WindowCheck.epochNanos(clock.instant());
  }

  @Override
  public synchronized Reservation reserve(String account, Request request) {
    Account a = account(account);
    long now = now();
    long longest = 0;
    for (Limit limit : request.limits()) {
      longest = Math.max(longest, WindowCheck.nanos(limit.window()));
    }
    long cutoff = now - longest;
    a.entries.values().removeIf(e -> e.effectiveAt(now) <= cutoff);
    a.slots.values().removeIf(s -> !s.activeAt(now));
    // Read in place under this store's monitor: the check only reads.
    Reservation wait =
        WindowCheck.check(now, a.entries.values(), a.slots.values(), a.busyUntil, request);
    if (wait != null) return wait;
    long entryId = 0;
    long slotId = 0;
    if (!request.limits().isEmpty()) {
      entryId = ++lastId;
      a.entries.put(
          entryId,
          new WindowCheck.Entry(entryId, WindowCheck.OPEN, request.weight(), WindowCheck.OPEN));
    }
    if (request.needsSlot()) {
      slotId = ++lastId;
      a.slots.put(slotId, new WindowCheck.Slot(slotId, WindowCheck.OPEN, WindowCheck.OPEN, null));
    }
    return Reservation.granted(entryId, slotId);
  }

  @Override
  public synchronized void settle(String account, long entryId, boolean counts) {
    Account a = account(account);
    WindowCheck.Entry entry = a.entries.get(entryId);
    if (entry == null) return;
    if (counts) {
      a.entries.put(
          entryId, new WindowCheck.Entry(entryId, now(), entry.weight(), WindowCheck.OPEN));
    } else {
      a.entries.remove(entryId);
    }
  }

  @Override
  public synchronized void count(String account, int weight) {
    long id = ++lastId;
    account(account).entries.put(id, new WindowCheck.Entry(id, now(), weight, WindowCheck.OPEN));
  }

  @Override
  public synchronized void keepSlot(
      String account, long slotId, Duration heldFor, @Nullable String batchId) {
    Account a = account(account);
    if (!a.slots.containsKey(slotId)) return;
    a.slots.put(
        slotId,
        new WindowCheck.Slot(slotId, WindowCheck.plus(now(), heldFor), WindowCheck.OPEN, batchId));
  }

  @Override
  public synchronized void holdSlot(String account, Duration heldFor) {
    long id = ++lastId;
    account(account)
        .slots
        .put(
            id, new WindowCheck.Slot(id, WindowCheck.plus(now(), heldFor), WindowCheck.OPEN, null));
  }

  @Override
  public synchronized void freeSlot(String account, long slotId) {
    account(account).slots.remove(slotId);
  }

  @Override
  public synchronized boolean finished(String account, String batchId) {
    Account a = account(account);
    long now = now();
    boolean freed = a.slots.values().removeIf(s -> batchId.equals(s.batchId()) && s.activeAt(now));
    if (freed) a.busyUntil = Long.MIN_VALUE;
    return freed;
  }

  @Override
  public void renew(String account, Collection<Long> ids) {
    // No leases here: the owner is this process.
  }

  @Override
  public synchronized void serverBusy(String account, Duration retryAfter) {
    Account a = account(account);
    a.busyUntil = Math.max(a.busyUntil, WindowCheck.plus(now(), retryAfter));
  }

  @Override
  public synchronized long used(String account, Limit limit) {
    return WindowCheck.used(now(), account(account).entries.values(), limit);
  }

  @Override
  public synchronized int inFlight(String account) {
    long now = now();
    int held = 0;
    for (WindowCheck.Slot slot : account(account).slots.values()) if (slot.activeAt(now)) held++;
    return held;
  }

  @Override
  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(pollInterval);
  }

  /** {@return the entries of {@code account}, for tests: id, when it counts from, weight} */
  synchronized List<WindowCheck.Entry> entries(String account) {
    return new ArrayList<>(account(account).entries.values());
  }

  @Override
  public String toString() {
    return "InMemoryPacingStore";
  }
}
