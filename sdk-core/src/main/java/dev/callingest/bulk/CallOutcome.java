package dev.callingest.bulk;

import dev.callingest.Violation;
import dev.callingest.internal.ModelStyle;
import dev.callingest.internal.UrlRedaction;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/**
 * What became of one call of an import. An Immutables value like every other public value type, so
 * that a field can be added without breaking anyone who builds one (for example to test a
 * listener).
 */
@Value.Immutable
@ModelStyle
public abstract class CallOutcome {
  CallOutcome() {}

  /** {@return the caller's id of the call} */
  public abstract String callId();

  /** {@return how it ended} */
  public abstract OutcomeKind kind();

  /** {@return the batch it was accepted in, when the API names batches} */
  public abstract Optional<String> batchId();

  /**
   * {@return why it was rejected or failed, when it was; URLs in it show only scheme, host and
   * port}
   */
  public abstract Optional<String> reason();

  /**
   * The broken rules, for {@link OutcomeKind#REJECTED} and calls the server refused; a rejected
   * call is checked as a batch of its own, so its paths start {@code calls[0]} or {@code data[0]}
   * whatever its place in the input ({@link #callId()} says which call it is).
   *
   * @return the violations, possibly none
   */
  public abstract List<Violation> violations();

  /**
   * True when the call is on the server (accepted, completed, failed in processing, or skipped as
   * accepted in an earlier run) and another attempt, in this run or an earlier one, may also have
   * been processed by an API that does not de-duplicate: it may exist twice. Always false for an
   * API that de-duplicates by id.
   *
   * @return whether the call may exist twice
   */
  @Value.Default
  public boolean possibleDuplicate() {
    return false;
  }

  /**
   * Returns a builder, for tests of listeners and report consumers; {@code callId} and {@code kind}
   * are required.
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

  /** Builds a {@link CallOutcome}; the reason's URLs are redacted. Not thread-safe. */
  public static final class Builder extends ImmutableCallOutcome.Builder {
    Builder() {}
  }

  /** The reason with every URL cut to its scheme, host and port, whoever built the outcome. */
  @Value.Check
  CallOutcome redacted() {
    if (reason().isEmpty()) return this;
    String redacted = UrlRedaction.redactUrls(reason().get());
    return redacted.equals(reason().get()) ? this : builder().from(this).reason(redacted).build();
  }

  static CallOutcome of(
      String id,
      OutcomeKind kind,
      Optional<String> batchId,
      Optional<String> reason,
      List<Violation> violations,
      boolean dup) {
    return builder()
        .callId(id)
        .kind(kind)
        .batchId(batchId)
        .reason(reason)
        .violations(violations)
        .possibleDuplicate(dup)
        .build();
  }

  static CallOutcome of(
      String id, OutcomeKind kind, @Nullable String batchId, @Nullable String reason, boolean dup) {
    return of(id, kind, Optional.ofNullable(batchId), Optional.ofNullable(reason), List.of(), dup);
  }
}
