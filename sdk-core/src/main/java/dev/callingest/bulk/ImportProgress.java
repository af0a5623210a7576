package dev.callingest.bulk;

import dev.callingest.internal.ModelStyle;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A snapshot of a running import, for progress bars. An Immutables value like every other public
 * value type, so that a count can be added without breaking anyone who builds one (for example to
 * test a progress bar).
 */
@Value.Immutable
@ModelStyle
public abstract class ImportProgress {
  ImportProgress() {}

  /** {@return calls read from the input so far} */
  public abstract long read();

  /** {@return calls that have their outcome} */
  public abstract long settled();

  /** {@return calls accepted (including those completed or failed in processing)} */
  public abstract long accepted();

  /** {@return calls rejected before sending} */
  public abstract long rejected();

  /**
   * {@return calls the API refused or that ran out of retries, none of whose attempts can have been
   * processed}
   */
  public abstract long failed();

  /**
   * {@return calls settled {@link OutcomeKind#IN_DOUBT}: an attempt may have been processed, so the
   * server may or may not hold them (check before sending them again)}
   */
  public abstract long inDoubt();

  /** {@return time since the import started} */
  public abstract Duration elapsed();

  /** {@return settled calls per second so far} */
  public abstract double callsPerSecond();

  /**
   * The time left, when the expected total is known: the larger of the estimate from the observed
   * rate and the one the pacing limit dictates.
   *
   * @return the estimate, or empty when the total is unknown
   */
  public abstract Optional<Duration> estimatedRemaining();

  /**
   * Returns a builder, for tests of progress listeners; every count, {@code elapsed} and {@code
   * callsPerSecond} are required.
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

  /** Builds an {@link ImportProgress}. Not thread-safe. */
  public static final class Builder extends ImmutableImportProgress.Builder {
    Builder() {}
  }

  static ImportProgress of(
      long read,
      long settled,
      long accepted,
      long rejected,
      long failed,
      long inDoubt,
      Duration elapsed,
      double callsPerSecond,
      Optional<Duration> estimatedRemaining) {
    return builder()
        .read(read)
        .settled(settled)
        .accepted(accepted)
        .rejected(rejected)
        .failed(failed)
        .inDoubt(inDoubt)
        .elapsed(elapsed)
        .callsPerSecond(callsPerSecond)
        .estimatedRemaining(estimatedRemaining)
        .build();
  }
}
