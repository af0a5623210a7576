package dev.callingest.partner;

import dev.callingest.ApiResult;
import java.util.List;
import org.immutables.value.Value;

/**
 * The API accepted a batch for processing. The API answers only that it succeeded, with no batch id
 * and no status to poll: each call's analysis arrives later on its callback URL.
 */
@Value.Immutable
public abstract class BatchAcknowledgement implements ApiResult {
  BatchAcknowledgement() {}

  @Value.Check
  void checkAttempts() {
    if (attempts() < 1)
      throw new IllegalStateException("attempts must be at least 1: " + attempts());
  }

  /** {@return the ids of the calls the accepted batch carried, in order} */
  public abstract List<String> callIds();

  /**
   * Returns a new builder, for tests of code that consumes acknowledgements.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds {@link BatchAcknowledgement}. Not thread-safe. */
  public static final class Builder extends ImmutableBatchAcknowledgement.Builder {
    Builder() {}
  }
}
