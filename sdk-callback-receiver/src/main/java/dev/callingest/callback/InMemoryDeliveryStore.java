package dev.callingest.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link DeliveryStore} in this process's memory, bounded in size. It never forgets an id before
 * its TTL: when it is full of live ids, {@code claim} throws {@link IllegalStateException} (the
 * receiver then answers 5xx and the sender retries later) rather than open a replay window. It does
 * not survive a restart and is not shared between nodes: after a restart, a callback URL that is still
 * valid can be replayed once. Use {@link JdbcDeliveryStore} when that matters or with several nodes.
 */
public final class InMemoryDeliveryStore implements DeliveryStore {
  /** The default number of ids remembered. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final int maxEntries;
  private final Clock clock;
  private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

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
   * @param maxEntries how many live ids to remember at most, at least 1; a claim beyond them throws
   * @param clock the clock that expiries are measured with
   * @return a new, empty store
   */
  public static InMemoryDeliveryStore create(int maxEntries, Clock clock) {
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries < 1");
    return new InMemoryDeliveryStore(maxEntries, Objects.requireNonNull(clock, "clock == null"));
  }

  @Override
  public synchronized boolean claim(String deliveryId, Duration ttl) {
    Objects.requireNonNull(deliveryId, "deliveryId == null");
    Objects.requireNonNull(ttl, "ttl == null");
    Instant now = clock.instant();
    Instant expiry = expiries.get(deliveryId);
    if (expiry != null && expiry.isAfter(now)) return false;
    expiries.remove(deliveryId);
    evictExpired(now, false);
    if (expiries.size() >= maxEntries) evictExpired(now, true);
    if (expiries.size() >= maxEntries) {
      throw new IllegalStateException(
          "InMemoryDeliveryStore is full: " + maxEntries + " deliveries are still within their TTL");
    }
    expiries.put(deliveryId, now.plus(ttl));
    return true;
  }

  @Override
  public synchronized void release(String deliveryId) {
    expiries.remove(Objects.requireNonNull(deliveryId, "deliveryId == null"));
  }

  /**
   * How many ids are remembered now, expired ones included until they are evicted.
   *
   * @return the count
   */
  public synchronized int size() {
    return expiries.size();
  }

  /**
   * Drops expired entries. They are in insertion order, which is expiry order while TTLs are equal,
   * so a quick pass stops at the first live one; a full pass is made only when the store is full.
   */
  private void evictExpired(Instant now, boolean all) {
    Iterator<Map.Entry<String, Instant>> it = expiries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isAfter(now)) {
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
