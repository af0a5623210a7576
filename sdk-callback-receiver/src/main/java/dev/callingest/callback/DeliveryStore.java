package dev.callingest.callback;

import java.time.Duration;

/**
 * Remembers which deliveries were handled, so that a callback the sender retries is handled once.
 * The default, {@link InMemoryDeliveryStore}, works for one process; with several nodes behind a
 * load balancer, implement this interface over storage they share. Two operations are enough:
 *
 * <ul>
 *   <li>JDBC: a table {@code callback_delivery(id varchar primary key, expires_at timestamp)};
 *       {@code claim} deletes expired rows for that id, then inserts and reports whether the insert
 *       succeeded ({@code ON CONFLICT DO NOTHING}, or catch the duplicate-key error); {@code release}
 *       deletes the row.
 *   <li>Redis: {@code claim} is {@code SET callback:<id> 1 NX PX <ttl millis>}, true when Redis
 *       answers {@code OK}; {@code release} is {@code DEL callback:<id>}.
 * </ul>
 *
 * <p>Implementations must be thread-safe, and {@code claim} atomic: two concurrent claims of the
 * same id must not both succeed. A store that fails should throw; the receiver lets the exception
 * propagate, so the adapter answers 5xx and the sender retries.
 */
public interface DeliveryStore {
  /**
   * Records a delivery id unless it is already recorded and not yet expired.
   *
   * @param deliveryId the delivery's id ({@code webhook-id}, or the call id for callback URLs)
   * @param ttl how long to remember it
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
}
