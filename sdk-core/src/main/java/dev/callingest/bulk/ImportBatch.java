package dev.callingest.bulk;

import dev.callingest.internal.ModelStyle;
import org.immutables.value.Value;

/**
 * One batch of an import as an {@link ImportListener} hears of it: its number within the run and
 * how many calls it holds. The calls' outcomes arrive through {@link ImportListener#onOutcome}.
 */
@Value.Immutable
@ModelStyle
public abstract class ImportBatch {
  ImportBatch() {}

  /** {@return the batch's number within its run, starting at 1, in the order batches were cut} */
  public abstract int number();

  /** {@return how many calls the batch holds when it is first sent} */
  public abstract int calls();

  /**
   * Returns a builder, for tests of listeners; both fields are required.
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

  /** Builds an {@link ImportBatch}. Not thread-safe. */
  public static final class Builder extends ImmutableImportBatch.Builder {
    Builder() {}
  }
}
