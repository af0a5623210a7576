package dev.callingest.bulk;

/**
 * A call read and checked, on its way into a batch. It is settled exactly once, through {@link
 * ImportLedger#settle(PendingCall, CallOutcome, Character)}, which sets {@link #settled} under the
 * run's lock; whatever goes wrong later settles only the calls still unsettled.
 */
final class PendingCall<C> {
  private final C call;
  private final String id;
  private final boolean earlierDoubt;

  /** Guarded by the run's lock. */
  boolean settled;

  /**
   * @param call the call
   * @param id its id, or {@code #n} for the n-th call read when it has none
   * @param earlierDoubt whether an earlier run may have delivered it
   */
  PendingCall(C call, String id, boolean earlierDoubt) {
    this.call = call;
    this.id = id;
    this.earlierDoubt = earlierDoubt;
  }

  C call() {
    return call;
  }

  String id() {
    return id;
  }

  boolean earlierDoubt() {
    return earlierDoubt;
  }
}
