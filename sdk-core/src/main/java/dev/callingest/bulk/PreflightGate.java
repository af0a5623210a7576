package dev.callingest.bulk;

import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingPreflight;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides, for each valid call in input order, whether the preflight refuses it: a failed check, or
 * a presigned URL that expires before the call's estimated send time plus the processing allowance.
 * Every call it lets through is counted as queued, which moves the send-time estimate on.
 */
final class PreflightGate {
  private final RecordingPreflight preflight;
  private final SendSchedule schedule;
  private long queued;
  private long refused;

  PreflightGate(RecordingPreflight preflight, SendSchedule schedule) {
    this.preflight = preflight;
    this.schedule = schedule;
  }

  /** Why the call is refused, or null when it goes on to a batch (and is counted as queued). */
  @Nullable String refusal(@Nullable PreflightResult result) {
    if (result != null && result.failed()) {
      refused++;
      return "preflight: " + result.reason().orElse("the recording could not be fetched");
    }
    if (result != null && result.expiresAt().isPresent()) {
      Instant sendAt = schedule.estimate(queued);
      Optional<String> problem = preflight.expiryProblem(result.expiresAt().get(), sendAt);
      if (problem.isPresent()) {
        refused++;
        return "preflight: " + problem.get();
      }
    }
    queued++;
    return null;
  }

  long refused() {
    return refused;
  }
}
