package dev.callingest.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeliveryStore} in this process's memory, bounded in size. It never forgets an id before
 * its TTL: when it is full of live ids (leases and done deliveries), {@code begin} throws {@link
 * IllegalStateException} (the receiver then answers 5xx and the sender retries later) rather than
 * open a replay window. It does not survive a restart and is not shared between nodes: after a
 * restart, a callback URL that is still valid can be replayed once. Use {@link JdbcDeliveryStore}
 * when that matters or with several nodes.
 */
public final class InMemoryDeliveryStore implements DeliveryStore {
  /** The default number of ids remembered. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  /** An in-progress lease (owner set) or a done delivery (owner null), and when it expires. */
  private static final class Entry {
    final @Nullable String owner;
    final Instant expiry;

    Entry(@Nullable String owner, Instant expiry) {
      this.owner = owner;
      this.expiry = expiry;
    }
  }

  private InMemoryDeliveryStore(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * A store of {@link #DEFAULT_MAX_ENTRIES} ids on the system clock.
   *
   * @return a new, empty store
   */
  public static InMemoryDeliveryStore create() {
    return create(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  /**
   * A store with the given bound and clock.
   *
   * @param maxEntries how many live ids to remember at most, at least 1; a {@code begin} beyond
   *     them throws
   * @param clock the clock that expiries are measured with
   * @return a new, empty store
   */
  public static InMemoryDeliveryStore create(int maxEntries, Clock clock) {
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries < 1");
    return new InMemoryDeliveryStore(maxEntries, Objects.requireNonNull(clock, "clock == null"));
  }

  @Override
  public synchronized Begin begin(String deliveryId, String owner, Duration leaseTtl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    checkOwner(owner);
    checkPositive(leaseTtl, "leaseTtl");
    Instant now = clock.instant();
    Entry entry = entries.get(deliveryId);
    if (entry != null && entry.expiry.isAfter(now)) {
      return entry.owner == null ? Begin.DONE : Begin.IN_PROGRESS;
    }
    entries.remove(deliveryId);
    evictExpired(now, false);
    if (entries.size() >= maxEntries) evictExpired(now, true);
    if (entries.size() >= maxEntries) {
      throw new IllegalStateException(
          "InMemoryDeliveryStore is full: "
              + maxEntries
              + " deliveries are still within their TTL");
    }
    entries.put(deliveryId, new Entry(owner, plus(now, leaseTtl)));
    return Begin.STARTED;
  }

  @Override
  public synchronized boolean complete(String deliveryId, String owner, Duration doneTtl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    checkOwner(owner);
    checkPositive(doneTtl, "doneTtl");
    if (!ownedBy(deliveryId, owner)) return false;
    // Re-inserted at the end, so that insertion order stays close to expiry order.
    entries.remove(deliveryId);
    entries.put(deliveryId, new Entry(null, plus(clock.instant(), doneTtl)));
    return true;
  }

  @Override
  public synchronized boolean abandon(String deliveryId, String owner) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    checkOwner(owner);
    if (!ownedBy(deliveryId, owner)) return false;
    entries.remove(deliveryId);
    return true;
  }

  @Override
  public synchronized boolean renew(String deliveryId, String owner, Duration leaseTtl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    checkOwner(owner);
    checkPositive(leaseTtl, "leaseTtl");
    if (!ownedBy(deliveryId, owner)) return false;
    entries.put(deliveryId, new Entry(owner, plus(clock.instant(), leaseTtl)));
    return true;
  }

  private boolean ownedBy(String deliveryId, String owner) {
    Entry entry = entries.get(deliveryId);
    return entry != null && owner.equals(entry.owner);
  }

  /**
   * How many ids are remembered now, expired ones included until they are evicted.
   *
   * @return the count
   */
  public synchronized int size() {
    return entries.size();
  }

  static void checkOwner(String owner) {
    Objects.requireNonNull(owner, "owner == null");
    if (owner.isEmpty() || owner.length() > 64) {
      throw new IllegalArgumentException("owner must have 1 to 64 characters");
    }
  }

  static void checkPositive(Duration ttl, String name) {
    Objects.requireNonNull(ttl, name + " == null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** now + ttl, or the largest instant when that overflows (a TTL of ChronoUnit.FOREVER). */
  private static Instant plus(Instant now, Duration ttl) {
    try {
      return now.plus(ttl);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  /**
   * Drops expired entries. They are in insertion order, which is expiry order while TTLs are equal,
   * so a quick pass stops at the first live one; a full pass is made only when the store is full.
   */
  private void evictExpired(Instant now, boolean all) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().expiry.isAfter(now)) {
        if (all) continue;
        break;
      }
      it.remove();
    }
  }

  @Override
  public String toString() {
    return "InMemoryDeliveryStore{maxEntries=" + maxEntries + "}";
  }
}
