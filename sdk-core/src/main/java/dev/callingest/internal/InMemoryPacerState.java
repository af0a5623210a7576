package dev.callingest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The default {@link PacerState}: this process only. Not thread-safe; the pacer's lock guards it. */
public final class InMemoryPacerState implements PacerState {
  private final Map<Long, Entry> entries = new LinkedHashMap<>();
  private final Map<Long, Slot> slots = new LinkedHashMap<>();

  @Override
  public void putEntry(Entry entry) {
    entries.put(entry.id(), entry);
  }

  @Override
  public void removeEntry(long id) {
    entries.remove(id);
  }

  @Override
  public List<Entry> entries(Instant cutoff) {
    entries.values().removeIf(entry -> !entry.at().isAfter(cutoff));
    return new ArrayList<>(entries.values());
  }

  @Override
  public void putSlot(Slot slot) {
    slots.put(slot.id(), slot);
  }

  @Override
  public Optional<Slot> removeSlot(long id) {
    return Optional.ofNullable(slots.remove(id));
  }

  @Override
  public List<Slot> slots(Instant now) {
    slots.values().removeIf(slot -> !slot.heldUntil().isAfter(now));
    return new ArrayList<>(slots.values());
  }
}
