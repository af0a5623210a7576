package dev.callingest.callback;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Remembers the state of each delivery, so that a callback is handed to a consumer until one
 * finishes it, and a callback that is already done (retried by the sender or replayed by an
 * attacker) is not handed over again. {@link InMemoryDeliveryStore} works for one process and
 * forgets on restart; {@link JdbcDeliveryStore} is shared by every node that uses the same database
 * and survives restarts.
 *
 * <p>A delivery id is in one of three states:
 *
 * <ul>
 *   <li><b>free</b>: never seen, abandoned, or its record expired;
 *   <li><b>in progress</b>: a consumer is running it under a lease, which has an owner (an id
 *       unique to one handling of one request) and an expiry. An expired lease is free again: the
 *       node that held it is taken to be dead;
 *   <li><b>done</b>: a consumer finished it; remembered until the expiry given to {@link
 *       #complete}.
 * </ul>
 *
 * <p>Every operation must be atomic on its own, across threads and across processes sharing the
 * store: of several concurrent {@link #begin} calls for one free id exactly one returns {@link
 * Begin#STARTED}. {@link #complete}, {@link #abandon} and {@link #renew} act only when the id is in
 * progress under the given owner, whether or not its lease has expired, and do nothing otherwise. A
 * store that fails should throw (for instance {@link DeliveryStoreException}); the receiver then
 * answers 5xx, so the sender retries.
 *
 * <p>For Redis, as an example, keep one hash per id: {@code begin} is a Lua script that sets {@code
 * owner} and a {@code PEXPIRE} of the lease when the key is absent (it is absent once expired), and
 * otherwise reports in progress or done from the {@code owner} field; {@code complete}, {@code
 * abandon} and {@code renew} are scripts that first compare the {@code owner} field.
 */
public interface DeliveryStore {
  /** What {@link #begin} found. */
  enum Begin {
    /** The id was free: the caller now holds the lease and must run the delivery. */
    STARTED,
    /** Another owner holds a live lease: the delivery is being handled elsewhere. */
    IN_PROGRESS,
    /** A consumer finished this delivery and it is still remembered: a duplicate. */
    DONE
  }

  /**
   * Takes a lease on a delivery when it is free.
   *
   * @param deliveryId the delivery's id ({@code webhook-id}, or the call id for callback URLs)
   * @param owner who takes the lease: an id unique to this handling, at most 64 characters
   * @param leaseTtl how long the lease lasts unless it is renewed, completed or abandoned; positive
   * @return {@link Begin#STARTED} when this call took the lease, otherwise what holds the id
   */
  Begin begin(String deliveryId, String owner, Duration leaseTtl);

  /**
   * Records that the owner's consumer finished the delivery: it becomes done, remembered for {@code
   * doneTtl} from now. Does nothing when the id is not in progress under this owner (another owner
   * took over an expired lease, or the record was purged).
   *
   * @param deliveryId the delivery's id
   * @param owner the owner that began it
   * @param doneTtl how long to remember it as done; positive, at most {@link #retention()}
   * @return {@code true} when it was recorded, {@code false} when the owner no longer held it
   */
  boolean complete(String deliveryId, String owner, Duration doneTtl);

  /**
   * Frees a delivery whose consumer failed, so that the sender's retry is handled at once. Does
   * nothing when the id is not in progress under this owner.
   *
   * @param deliveryId the delivery's id
   * @param owner the owner that began it
   * @return {@code true} when it was freed, {@code false} when the owner no longer held it
   */
  boolean abandon(String deliveryId, String owner);

  /**
   * Extends the owner's lease to {@code leaseTtl} from now, while a long consumer runs. Does
   * nothing when the id is not in progress under this owner.
   *
   * @param deliveryId the delivery's id
   * @param owner the owner that began it
   * @param leaseTtl the new lease, from now; positive
   * @return {@code true} when the lease was extended, {@code false} when the owner no longer held
   *     it
   */
  boolean renew(String deliveryId, String owner, Duration leaseTtl);

  /**
   * The longest {@code doneTtl} this store honours. A {@link CallbackReceiver} refuses to start
   * with a store whose retention is shorter than its verifier's {@link
   * CallbackVerifier#replayWindow()} or its de-duplication TTL, since a delivery forgotten early
   * can be replayed.
   *
   * @return the retention; by default unlimited
   */
  default Duration retention() {
    return ChronoUnit.FOREVER.getDuration();
  }
}
