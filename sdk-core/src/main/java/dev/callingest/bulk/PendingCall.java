package dev.callingest.bulk;

/**
 * A call read and checked, on its way into a batch.
 *
 * @param call the call
 * @param id its id, or {@code #n} for the n-th call read when it has none
 * @param earlierDoubt whether an earlier run may have delivered it
 */
record PendingCall<C>(C call, String id, boolean earlierDoubt) {}
