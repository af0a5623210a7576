package dev.callingest.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link SlidingWindowPacer} keeps what it counts: the window entries (one per request the
 * server may have recorded) and the in-flight slots. {@link InMemoryPacerState} is the default; the
 * interface exists so that a store shared by several processes can later let them share one
 * account's limits. The pacer calls these methods under its own lock, one at a time.
 */
public interface PacerState {
  /**
   * Adds an entry, or replaces the entry with the same id.
   *
   * @param entry the entry
   */
  void putEntry(Entry entry);

  /**
   * Removes an entry; unknown ids are ignored.
   *
   * @param id the entry's id
   */
  void removeEntry(long id);

  /**
   * Drops the entries recorded at or before {@code cutoff} and returns the others.
   *
   * @param cutoff the start of the longest window
   * @return the entries in no particular order
   */
  List<Entry> entries(Instant cutoff);

  /**
   * Adds a slot, or replaces the slot with the same id.
   *
   * @param slot the slot
   */
  void putSlot(Slot slot);

  /**
   * Removes a slot; unknown ids are ignored.
   *
   * @param id the slot's id
   * @return the removed slot, if there was one
   */
  Optional<Slot> removeSlot(long id);

  /**
   * Drops the slots held until {@code now} or earlier and returns the others.
   *
   * @param now the current time
   * @return the slots in no particular order
   */
  List<Slot> slots(Instant now);

  /**
   * One request the server may count.
   *
   * @param id unique per pacer
   * @param at when it counts from: when its response arrived or its attempt ended; {@link
   *     Instant#MAX} while it is still under way (it counts until then and a whole window after)
   * @param weight what it counts for a weighted limit (calls in a batch); 1 for a plain request
   */
  record Entry(long id, Instant at, int weight) {
    /** {@return whether the request is still under way} */
    public boolean pending() {
      return at.equals(Instant.MAX);
    }
  }

  /**
   * One batch the server may count as in flight.
   *
   * @param id unique per pacer
   * @param heldUntil when the slot frees by itself; {@link Instant#MAX} while the request is under way
   * @param key the batch id once the server gave one, or empty
   */
  record Slot(long id, Instant heldUntil, Optional<String> key) {}
}
