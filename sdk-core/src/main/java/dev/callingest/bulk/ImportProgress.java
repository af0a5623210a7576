package dev.callingest.bulk;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a running import, for progress bars.
 *
 * @param read calls read from the input so far
 * @param settled calls that have their outcome
 * @param accepted calls accepted (including those completed or failed in processing)
 * @param rejected calls rejected before sending
 * @param failed calls the API refused or that ran out of retries, none of whose attempts can have
 *     been processed
 * @param inDoubt calls settled {@link OutcomeKind#IN_DOUBT}: an attempt may have been processed, so
 *     the server may or may not hold them (check before sending them again)
 * @param elapsed time since the import started
 * @param callsPerSecond settled calls per second so far
 * @param estimatedRemaining time left, when the expected total is known: the larger of the estimate
 *     from the observed rate and the one the pacing limit dictates
 */
public record ImportProgress(
    long read,
    long settled,
    long accepted,
    long rejected,
    long failed,
    long inDoubt,
    Duration elapsed,
    double callsPerSecond,
    Optional<Duration> estimatedRemaining) {}
