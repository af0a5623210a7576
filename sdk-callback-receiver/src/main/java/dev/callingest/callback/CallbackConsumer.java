package dev.callingest.callback;

import dev.callingest.analysis.CallAnalysis;

/**
 * Your code that handles a verified, new callback, for {@link CallbackReceiver#handle}. Make it
 * idempotent where you can: a store that forgets (a restart, a full in-memory store) may let a
 * duplicate through.
 */
@FunctionalInterface
public interface CallbackConsumer {
  /**
   * Handles one callback. Throwing makes the receiver answer 500 and forget the delivery, so the
   * sender's retry is handled again.
   *
   * @param deliveryId the delivery's id ({@code webhook-id}, or the call id for callback URLs)
   * @param analysis the parsed callback
   * @throws Exception when handling failed and the sender should retry
   */
  void accept(String deliveryId, CallAnalysis analysis) throws Exception;
}
