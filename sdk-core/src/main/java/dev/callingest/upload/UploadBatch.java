package dev.callingest.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A batch of 1 to 100 calls for {@link UploadClient#submit(UploadBatch)}. The builder accepts any
 * number of calls; {@link UploadClient#validate(UploadBatch)} checks the documented rules.
 */
@Value.Immutable
public abstract class UploadBatch {
  /** The most calls one batch may hold. */
  public static final int MAX_CALLS = 100;

  UploadBatch() {}

  /**
   * The calls, in order; a violation's path {@code calls[i]} is an index into this list.
   *
   * @return the calls
   */
  public abstract List<UploadCall> calls();

  /**
   * Returns the calls of this batch whose external ids are given, in this batch's order.
   *
   * @param externalIds the ids to keep
   * @return a batch of the matching calls; it may be empty, and then it is not valid to submit
   */
  public final UploadBatch retainOnly(Set<String> externalIds) {
    List<UploadCall> kept = new ArrayList<>();
    for (UploadCall call : calls()) {
      if (externalIds.contains(call.externalId())) kept.add(call);
    }
    return builder().calls(kept).build();
  }

  /**
   * Creates a batch of the given calls.
   *
   * @param calls the calls, in order
   * @return the batch
   */
  public static UploadBatch of(List<UploadCall> calls) {
    return builder().calls(calls).build();
  }

  /**
   * Returns a builder.
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

  /** Builds an {@link UploadBatch}. */
  public static final class Builder extends ImmutableUploadBatch.Builder {
    Builder() {}
  }
}
