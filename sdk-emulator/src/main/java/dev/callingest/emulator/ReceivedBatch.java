package dev.callingest.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one accepted Upload API batch.
 *
 * @param batchId the id the emulator gave it
 * @param submittedAt when it was accepted
 * @param status {@code submitted}, {@code processing}, {@code completed}, {@code partial} or {@code
 *     failed}
 * @param idempotencyKey the {@code Idempotency-Key} header sent with the submission, if any
 * @param calls the batch's calls in submission order
 */
public record ReceivedBatch(
    String batchId,
    Instant submittedAt,
    String status,
    Optional<String> idempotencyKey,
    List<ReceivedCall> calls) {

  /**
   * Tells whether the batch reached {@code completed}, {@code partial} or {@code failed}.
   *
   * @return true when no call is still moving
   */
  public boolean isTerminal() {
    return status.equals("completed") || status.equals("partial") || status.equals("failed");
  }
}
