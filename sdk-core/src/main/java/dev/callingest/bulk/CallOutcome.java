package dev.callingest.bulk;

import dev.callingest.Violation;
import dev.callingest.internal.UrlRedaction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What became of one call of an import.
 *
 * @param callId the caller's id of the call
 * @param kind how it ended
 * @param batchId the batch it was accepted in, when the API names batches
 * @param reason why it was rejected or failed, when it was
 * @param violations the broken rules, for {@link OutcomeKind#REJECTED} and calls the server refused;
 *     a rejected call is checked as a batch of its own, so its paths start {@code calls[0]} or {@code
 *     data[0]} whatever its place in the input (its {@code callId} says which call it is)
 * @param possibleDuplicate true when the call is on the server (accepted, completed, failed in
 *     processing, or skipped as accepted in an earlier run) and another attempt, in this run or an
 *     earlier one, may also have been processed by an API that does not de-duplicate: it may exist
 *     twice. Always false for an API that de-duplicates by id
 */
public record CallOutcome(
    String callId,
    OutcomeKind kind,
    Optional<String> batchId,
    Optional<String> reason,
    List<Violation> violations,
    boolean possibleDuplicate) {
  /**
   * Checks and copies the components.
   *
   * @param callId the caller's id of the call
   * @param kind how it ended
   * @param batchId the batch it was accepted in, when known
   * @param reason why it was rejected or failed, when it was
   * @param violations the broken rules, possibly none
   * @param possibleDuplicate whether an earlier run may already have delivered it
   */
  public CallOutcome {
    Objects.requireNonNull(callId, "callId == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(batchId, "batchId == null");
    reason = Objects.requireNonNull(reason, "reason == null").map(UrlRedaction::redactUrlsIn);
    violations = List.copyOf(violations);
  }

  static CallOutcome of(
      String id, OutcomeKind kind, @Nullable String batchId, @Nullable String reason, boolean dup) {
    return new CallOutcome(id, kind, Optional.ofNullable(batchId), Optional.ofNullable(reason), List.of(), dup);
  }
}
