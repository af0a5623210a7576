package dev.callingest.partner;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The API accepted a batch for processing. The API answers only that it succeeded, with no batch id
 * and no status to poll: each call's analysis arrives later on its callback URL.
 */
@Value.Immutable
public abstract class BatchAcknowledgement {
  BatchAcknowledgement() {}

  /** {@return the ids of the calls the accepted batch carried, in order} */
  public abstract List<String> callIds();

  /** {@return how many HTTP attempts the submission took, at least 1} */
  public abstract int attempts();

  /** {@return the request id header of the response, when the server sent one} */
  public abstract Optional<String> requestId();

  /**
   * Returns a new builder, for tests of code that consumes acknowledgements.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link BatchAcknowledgement}. Not thread-safe. */
  public static final class Builder extends ImmutableBatchAcknowledgement.Builder {
    Builder() {}
  }
}
