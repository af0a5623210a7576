package dev.callingest.pacing;

import dev.callingest.pacing.PacingStore.Limit;
import dev.callingest.pacing.PacingStore.Request;
import dev.callingest.pacing.PacingStore.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The check both stores run inside their atomic step, on rows read in that step: one decision for
 * every store, so that a shared store paces exactly as the in-memory one. Times are epoch
 * nanoseconds of the store's clock (a database's clock gives microseconds); {@link #OPEN} marks an
 * entry under way and a slot held until its request ends, or a slot without a lease.
 */
final class WindowCheck {
  static final long OPEN = Long.MAX_VALUE;

  private WindowCheck() {}

  /** One window entry: {@code at} is when it counts from, {@link #OPEN} while under way. */
  record Entry(long id, long at, int weight, long lease) {
    /**
     * When it counts from at {@code now}: an entry under way whose lease passed counts from then.
     */
    long effectiveAt(long now) {
      return at == OPEN && lease <= now ? lease : at;
    }
  }

  /** One slot: held until {@code held} ({@link #OPEN} while under way) and its lease. */
  record Slot(long id, long held, long lease, @Nullable String batchId) {
    long end() {
      return Math.min(held, lease);
    }

    boolean activeAt(long now) {
      return end() > now;
    }
  }

  /** {@return the wait before {@code request} may go at {@code now}, or null when it may go} */
  static @Nullable Reservation check(
      long now,
      Collection<Entry> entries,
      Collection<Slot> slots,
      long busyUntil,
      Request request) {
    Reservation wait = null;
    int weight = request.weight();
    // Every request of a paced client passes here: the common answer, room in every window and a
    // free slot, is found by counting alone; lists are made only to work out a wait.
    for (Limit limit : request.limits()) {
      long window = nanos(limit.window());
      long cutoff = now - window;
      long used = used(now, entries, limit);
      long excess = used + (limit.weighted() ? weight : 1) - limit.max();
      if (excess <= 0) continue;
      List<Entry> inWindow = new ArrayList<>();
      for (Entry entry : entries) {
        if (entry.effectiveAt(now) > cutoff) inWindow.add(entry);
      }
      inWindow.sort(Comparator.comparingLong(e -> e.effectiveAt(now)));
      long free = now + window;
      for (Entry entry : inWindow) {
        excess -= limit.weighted() ? entry.weight() : 1;
        long at = entry.effectiveAt(now);
        // An entry under way counts for a whole window from whenever it ends: at least that long.
        free = at == OPEN ? now + window : at + window;
        if (excess <= 0) break;
      }
      // Only time frees a window: the wait is certain.
      wait =
          longer(
              wait,
              Reservation.waitFor(limit.name(), Duration.ofNanos(free - now), true, used, false));
    }
    if (request.maxInFlight() > 0) {
      int heldCount = 0;
      for (Slot slot : slots) {
        if (slot.activeAt(now) && slot.id() != request.ownSlot()) heldCount++;
      }
      int over = heldCount - request.maxInFlight() + 1;
      boolean busy = now < busyUntil;
      if (over > 0 || busy) {
        List<Slot> held = new ArrayList<>(heldCount);
        for (Slot slot : slots) {
          if (slot.activeAt(now) && slot.id() != request.ownSlot()) held.add(slot);
        }
        List<Long> ends = new ArrayList<>();
        boolean freeable = false;
        for (Slot slot : held) {
          ends.add(slot.end());
          // Under way, or accepted and waiting to be seen finished: a release may come at any time.
          freeable |= slot.held() == OPEN || slot.batchId() != null;
        }
        ends.sort(null);
        long free = over > 0 ? ends.get(over - 1) : busyUntil;
        if (busy && free > busyUntil) free = busyUntil;
        wait =
            longer(
                wait,
                Reservation.waitFor(
                    PacingStore.IN_FLIGHT,
                    Duration.ofNanos(Math.max(0, free - now)),
                    !freeable && !busy,
                    held.size(),
                    busy));
      }
    }
    return wait;
  }

  /** {@return what counts in {@code limit}'s window at {@code now}} */
  static long used(long now, Collection<Entry> entries, Limit limit) {
    long cutoff = now - nanos(limit.window());
    long used = 0;
    for (Entry entry : entries) {
      if (entry.effectiveAt(now) > cutoff) used += limit.weighted() ? entry.weight() : 1;
    }
    return used;
  }

  /** {@return {@code d} in nanoseconds, saturated at {@link #OPEN} - 1} */
  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return OPEN - 1;
    }
  }

  /** {@return {@code now + d}, saturated below {@link #OPEN}} */
  static long plus(long now, Duration d) {
    long n = nanos(d);
    return n >= OPEN - 1 - now ? OPEN - 1 : now + n;
  }

  /** {@return {@code instant} in epoch nanoseconds} */
  static long epochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static Reservation longer(@Nullable Reservation current, Reservation candidate) {
    if (current == null) return candidate;
    // A certain long wait decides over an uncertain one: it cannot end early.
    if (candidate.certain() != current.certain()) return candidate.certain() ? candidate : current;
    return candidate.retryIn().compareTo(current.retryIn()) > 0 ? candidate : current;
  }
}
