package dev.callingest.upload;

import dev.callingest.ApiResult;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The API's answer to a submitted batch: the batch id to poll, how many calls it took, its state.
 */
@Value.Immutable
public abstract class SubmissionReceipt implements ApiResult {
  SubmissionReceipt() {}

  @Value.Check
  void checkAttempts() {
    if (attempts() < 1)
      throw new IllegalStateException("attempts must be at least 1: " + attempts());
  }

  /**
   * The batch id to pass to {@link UploadClient#status(String)} ({@code batch_id}).
   *
   * @return the batch id
   */
  public abstract String batchId();

  /**
   * How many calls the API accepted ({@code calls_submitted}).
   *
   * @return the count
   */
  public abstract int callsSubmitted();

  /**
   * The batch state exactly as the API wrote it ({@code status}), when it gave one.
   *
   * @return the raw state
   */
  public abstract Optional<String> rawStatus();

  /**
   * The batch state; {@link BatchState#UNKNOWN} when the value is new to this SDK or missing.
   *
   * @return the state
   */
  public final BatchState status() {
    return rawStatus().map(BatchState::fromWire).orElse(BatchState.UNKNOWN);
  }

  /**
   * Whether an earlier attempt of this submission may also have been processed (it was dropped or
   * timed out after it was sent, or answered 5xx other than 503) before this answer came: the
   * Upload API does not promise to de-duplicate, so these calls may now be on the server twice. Set
   * by the client, never read from the wire.
   *
   * @return true when the calls of this batch may have been delivered twice
   */
  @Value.Default
  public boolean possibleDuplicate() {
    return false;
  }

  /**
   * Returns a builder, for tests and fakes.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds a {@link SubmissionReceipt}. */
  public static final class Builder extends ImmutableSubmissionReceipt.Builder {
    Builder() {}
  }
}
