package dev.callingest.upload;

import dev.callingest.ApiResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A batch's progress as {@link UploadClient#status(String)} reports it: the state, the counts and
 * one entry per call.
 */
@Value.Immutable
public abstract class BatchStatus implements ApiResult {
  BatchStatus() {}

  @Value.Check
  void checkAttempts() {
    if (attempts() < 1)
      throw new IllegalStateException("attempts must be at least 1: " + attempts());
  }

  /**
   * The batch id ({@code batch_id}).
   *
   * @return the batch id
   */
  public abstract String batchId();

  /**
   * The batch state exactly as the API wrote it ({@code status}).
   *
   * @return the raw state
   */
  public abstract String rawStatus();

  /**
   * The batch state; {@link BatchState#UNKNOWN} for a value new to this SDK.
   *
   * @return the state
   */
  public final BatchState status() {
    return BatchState.fromWire(rawStatus());
  }

  /**
   * Whether the batch is finished: completed, partial or failed.
   *
   * @return true when the state is terminal
   */
  public final boolean isTerminal() {
    return status().isTerminal();
  }

  /**
   * When the batch was received ({@code submitted_at}), when given.
   *
   * @return the instant
   */
  public abstract Optional<Instant> submittedAt();

  /**
   * The number of calls in the batch ({@code total_calls}); 0 when not given.
   *
   * @return the count
   */
  @Value.Default
  public int totalCalls() {
    return 0;
  }

  /**
   * The number of calls processed so far ({@code processed}); 0 when not given.
   *
   * @return the count
   */
  @Value.Default
  public int processed() {
    return 0;
  }

  /**
   * The number of calls that failed ({@code failed}); 0 when not given.
   *
   * @return the count
   */
  @Value.Default
  public int failed() {
    return 0;
  }

  /**
   * The number of calls still waiting or in progress ({@code pending}); 0 when not given.
   *
   * @return the count
   */
  @Value.Default
  public int pending() {
    return 0;
  }

  /**
   * One entry per call, as the API listed them; empty when it listed none.
   *
   * @return the call entries
   */
  public abstract List<CallStatus> calls();

  /**
   * The entries of the calls that failed.
   *
   * @return the failed calls, in the API's order
   */
  public final List<CallStatus> failedCalls() {
    return calls().stream()
        .filter(call -> call.status() == CallState.FAILED)
        .collect(Collectors.toUnmodifiableList());
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

  /** Builds a {@link BatchStatus}. */
  public static final class Builder extends ImmutableBatchStatus.Builder {
    Builder() {}
  }
}
