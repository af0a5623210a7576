package dev.callingest.pacing;

import dev.callingest.FakeTime;

/** The contract on the in-memory store, which has no leases: its owner is this process. */
class InMemoryPacingStoreTest extends PacingStoreContract {
  @Override
  PacingStore store(FakeTime time) {
    return InMemoryPacingStore.create(time, null);
  }

  @Override
  boolean hasLeases() {
    return false;
  }
}
