package dev.callingest.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link DeliveryStore} in this process's memory, bounded in size: when full, it forgets the
 * oldest ids first, so a very late duplicate may be handled twice. It does not survive a restart
 * and is not shared between nodes; see {@link DeliveryStore} for a shared store.
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
   * @param maxEntries how many ids to remember at most, at least 1
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
    evictExpired(now);
    expiries.put(deliveryId, now.plus(ttl));
    while (expiries.size() > maxEntries) {
      Iterator<String> oldest = expiries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
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

  /** Entries are in insertion order; with one TTL that is also expiry order. */
  private void evictExpired(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = expiries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isAfter(now)) break;
      it.remove();
    }
  }

  @Override
  public String toString() {
    return "InMemoryDeliveryStore{maxEntries=" + maxEntries + "}";
  }
}
