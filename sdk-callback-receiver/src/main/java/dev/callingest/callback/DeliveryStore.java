package dev.callingest.callback;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Remembers which deliveries were handled, so that a callback the sender retries, or an attacker
 * replays, is handled once. {@link InMemoryDeliveryStore} works for one process and forgets on
 * restart; {@link JdbcDeliveryStore} is shared by every node that uses the same database and survives
 * restarts. For other storage, two operations are enough; for Redis, {@code claim} is {@code SET
 * callback:<id> 1 NX PX <ttl millis>}, true when Redis answers {@code OK}, and {@code release} is
 * {@code DEL callback:<id>}.
 *
 * <p>Implementations must be thread-safe, and {@code claim} atomic: two concurrent claims of the
 * same id, from this process or another, must not both succeed. A store that fails should throw; the
 * receiver lets the exception propagate, so the adapter answers 5xx and the sender retries.
 */
public interface DeliveryStore {
  /**
   * Records a delivery id unless it is already recorded and not yet expired.
   *
   * @param deliveryId the delivery's id ({@code webhook-id}, or the call id for callback URLs)
   * @param ttl how long to remember it; the store must remember it at least this long
   * @return {@code true} when this call recorded it (a new delivery), {@code false} when it was
   *     already there (a duplicate)
   */
  boolean claim(String deliveryId, Duration ttl);

  /**
   * Forgets a delivery id, so that the sender's next retry is handled: called when handling it
   * failed.
   *
   * @param deliveryId an id previously claimed
   */
  void release(String deliveryId);

  /**
   * The longest {@code ttl} this store honours. A {@link CallbackReceiver} refuses to start with a
   * store whose retention is shorter than its verifier's {@link CallbackVerifier#replayWindow()}
   * or its de-duplication TTL, since a delivery forgotten early can be replayed.
   *
   * @return the retention; by default unlimited
   */
  default Duration retention() {
    return ChronoUnit.FOREVER.getDuration();
  }
}
