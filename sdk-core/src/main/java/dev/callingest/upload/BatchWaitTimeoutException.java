package dev.callingest.upload;

import dev.callingest.CallingestException;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link UploadClient#awaitCompletion(String, WaitOptions)} ran out of time before the batch
 * reached a terminal state. The batch may still finish: poll {@link UploadClient#status(String)}
 * later.
 */
public final class BatchWaitTimeoutException extends CallingestException {
  private static final long serialVersionUID = 1L;

  private final transient BatchStatus lastStatus;

  /** How long the waiter waited. */
  private final Duration waited;

  /**
   * Creates the exception.
   *
   * @param lastStatus the last status polled
   * @param waited how long the waiter waited
   */
  public BatchWaitTimeoutException(BatchStatus lastStatus, Duration waited) {
    super(
        "batch "
            + lastStatus.batchId()
            + " is still "
            + lastStatus.rawStatus()
            + " after "
            + waited.toSeconds()
            + " s ("
            + lastStatus.processed()
            + " of "
            + lastStatus.totalCalls()
            + " calls processed, "
            + lastStatus.pending()
            + " pending)",
        null);
    this.lastStatus = Objects.requireNonNull(lastStatus, "lastStatus == null");
    this.waited = Objects.requireNonNull(waited, "waited == null");
  }

  /**
   * The last status polled before time ran out.
   *
   * @return the status
   */
  public BatchStatus lastStatus() {
    return lastStatus;
  }

  /**
   * How long the waiter waited.
   *
   * @return the time waited
   */
  public Duration waited() {
    return waited;
  }
}
