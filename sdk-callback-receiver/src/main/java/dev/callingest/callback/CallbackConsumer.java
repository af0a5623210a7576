package dev.callingest.callback;

import dev.callingest.analysis.CallAnalysis;

/**
 * Your code that handles a verified, new callback, for {@link CallbackReceiver#handle}. The sender
 * is answered 2xx only after it returns. Make it idempotent (an upsert keyed by the call id): a
 * delivery reaches a consumer again when a node died or lost its lease while running it, or when an
 * in-memory store forgot it in a restart.
 */
@FunctionalInterface
public interface CallbackConsumer {
  /**
   * Handles one callback, under a lease the receiver renews for as long as it runs. Throwing makes
   * the receiver answer 500 and free the delivery, so the sender's retry is handled again.
   *
   * @param deliveryId the delivery's id ({@code webhook-id}, or the call id for callback URLs)
   * @param analysis the parsed callback
   * @throws Exception when handling failed and the sender should retry
   */
  void accept(String deliveryId, CallAnalysis analysis) throws Exception;
}
