package dev.callingest.bulk;

import dev.callingest.ApiException;
import dev.callingest.CallingestException;
import dev.callingest.ConnectionException;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import dev.callingest.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One batch of an import, from its first submission to the outcome of each of its calls. A 429
 * pauses every submission of the run for the wait the server asked for and sends the batch again,
 * up to {@code maxRateLimitRounds}; a server validation error that names some calls settles those
 * and sends the rest once more under a new key; any other transient failure is sent again with
 * backoff under the same idempotency key until the retry budget runs out. A batch that may have
 * been processed is sent again only when the API de-duplicates or delivery is at least once; every
 * call ends in doubt, never failed, when an attempt may have been processed.
 *
 * @param <C> the API's call type
 */
final class BatchSubmission<C> {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");
  // At most nine digits, so that the index always fits an int: a longer one names no call of ours.
  private static final Pattern INDEXED_PATH = Pattern.compile("^[A-Za-z_]+\\[(\\d{1,9})]");

  private final ImportRun<C> run;
  private final ImportLedger ledger;
  private final ImportTarget<C> target;
  private final boolean resendDoubtful;
  private final boolean waitForProcessing;
  private final Duration defaultRateLimitPause;
  private final int maxRateLimitRounds;
  private final Duration retryBudget;
  private final Duration initialRetryBackoff;
  private final Duration maxRetryBackoff;
  private final Clock clock;
  private List<PendingCall<C>> pending;

  /** Whether an attempt of this run may have been processed. */
  private boolean doubt;

  /** Whether a submission is under way: its fate is unknown until it returns or throws. */
  private boolean submitting;

  /** The accepted batch's id once a submission was accepted ("" when the API names none). */
  private @Nullable String acceptedBatchId;

  private boolean acceptedTwice;

  BatchSubmission(
      BulkImporter<C> importer, ImportRun<C> run, ImportLedger ledger, List<PendingCall<C>> chunk) {
    this.run = run;
    this.ledger = ledger;
    this.target = importer.target;
    this.resendDoubtful =
        target.deduplicatesById() || importer.delivery == DeliveryMode.AT_LEAST_ONCE;
    this.waitForProcessing = importer.waitForProcessing;
    this.defaultRateLimitPause = importer.defaultRateLimitPause;
    this.maxRateLimitRounds = importer.maxRateLimitRounds;
    this.retryBudget = importer.retryBudget;
    this.initialRetryBackoff = importer.initialRetryBackoff;
    this.maxRetryBackoff = importer.maxRetryBackoff;
    this.clock = importer.clock;
    this.pending = chunk;
  }

  /**
   * Submits the batch and settles each of its calls once. Whatever is thrown on the way (a fault of
   * the adapter or of this class, a listener's {@code Error}), the calls not yet settled are
   * settled before it propagates: accepted once the server accepted them, in doubt when a
   * submission may have been processed, failed otherwise.
   */
  void run() {
    try {
      submitAndSettle();
    } catch (Throwable e) {
      settleRemaining(e);
      throw e;
    }
  }

  private void settleRemaining(Throwable failure) {
    String reason = "the import's handling of the batch failed: " + failure;
    boolean dedup = target.deduplicatesById();
    for (PendingCall<C> entry : pending) {
      if (acceptedBatchId != null) {
        boolean dup = !dedup && (acceptedTwice || entry.earlierDoubt());
        ledger.settle(
            entry,
            CallOutcome.of(
                entry.id(),
                OutcomeKind.ACCEPTED,
                acceptedBatchId.isEmpty() ? null : acceptedBatchId,
                reason,
                dup),
            'A');
      } else {
        settleNotAccepted(entry, reason, doubt || submitting || entry.earlierDoubt());
      }
    }
  }

  private void submitAndSettle() {
    if (!run.journalPending(pending)) return; // nothing is sent whose submission is not journaled
    String key = UUID.randomUUID().toString();
    Instant giveUpAt = clock.instant().plus(retryBudget);
    int rateLimitRounds = 0;
    int resends = 0;
    boolean split = false;
    while (true) {
      if (!run.waitWhilePaused()) {
        endCancelled();
        return;
      }
      ImportTarget.Submitted result = null;
      try {
        submitting = true;
        result = target.submit(calls(), key, resendDoubtful, run.cancellation());
        submitting = false;
      } catch (RateLimitedException e) {
        submitting = false;
        doubt |= e.possiblyProcessed();
        if (run.cancelled()) {
          endCancelled();
          return;
        }
        if (doubt && !resendDoubtful) {
          end(e.getMessage());
          return;
        }
        if (++rateLimitRounds > maxRateLimitRounds) {
          end("still rate limited after " + maxRateLimitRounds + " pauses: " + e.getMessage());
          return;
        }
        Duration pause = e.retryAfter().orElse(defaultRateLimitPause);
        Instant until = clock.instant().plus(pause);
        run.pauseSubmissionsUntil(until);
        LOG.log(
            System.Logger.Level.DEBUG,
            "rate limited; pausing submissions for {0} ms",
            pause.toMillis());
      } catch (ServerValidationException e) {
        submitting = false;
        doubt |= e.possiblyProcessed();
        Map<Integer, List<Violation>> byIndex = byIndex(e.violations(), pending.size());
        if (!split
            && !byIndex.isEmpty()
            && byIndex.size() < pending.size()
            && (!doubt || resendDoubtful)) {
          // The server named the bad calls: settle those and send the others once more.
          List<PendingCall<C>> rest = new ArrayList<>();
          for (int i = 0; i < pending.size(); i++) {
            List<Violation> mine = byIndex.get(i);
            if (mine == null) {
              rest.add(pending.get(i));
            } else {
              PendingCall<C> entry = pending.get(i);
              boolean unknown = doubt || entry.earlierDoubt();
              ledger.settle(
                  entry,
                  CallOutcome.of(
                      entry.id(),
                      unknown ? OutcomeKind.IN_DOUBT : OutcomeKind.FAILED,
                      Optional.empty(),
                      Optional.of(
                          "refused by the server: "
                              + mine.get(0).rule()
                              + (unknown ? "; an earlier attempt may have been processed" : "")),
                      mine,
                      false),
                  unknown ? 'D' : 'F');
            }
          }
          pending = rest;
          key = UUID.randomUUID().toString();
          split = true;
          continue;
        }
        end(e.getMessage());
        return;
      } catch (CallingestException e) {
        submitting = false;
        doubt |= e.possiblyProcessed();
        if (run.cancelled()) {
          endCancelled();
          return;
        }
        if (!isTransient(e) || (doubt && !resendDoubtful)) {
          end(e.getMessage());
          return;
        }
        Duration wait = backoff(++resends);
        if (clock.instant().plus(wait).isAfter(giveUpAt)) {
          end(
              "gave up after "
                  + resends
                  + " submissions within the retry budget of "
                  + retryBudget
                  + ": "
                  + e.getMessage());
          return;
        }
        LOG.log(
            System.Logger.Level.DEBUG,
            "submission failed ({0}); sending again in {1} ms",
            e.getMessage(),
            wait.toMillis());
        if (!run.pause(wait)) {
          endCancelled();
          return;
        }
      } catch (RuntimeException e) {
        // A fault of the adapter: nobody can say whether the batch went out.
        submitting = false;
        LOG.log(System.Logger.Level.WARNING, "unexpected failure while submitting a batch", e);
        doubt = true;
        end("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      if (result == null) continue; // sent again after a pause or a backoff
      boolean twice = doubt || result.earlierAttemptPossiblyProcessed();
      acceptedBatchId = result.batchId().orElse("");
      acceptedTwice = twice;
      settleAccepted(result.batchId().orElse(null), twice);
      return;
    }
  }

  private List<C> calls() {
    List<C> calls = new ArrayList<>(pending.size());
    for (PendingCall<C> entry : pending) calls.add(entry.call());
    return calls;
  }

  private void settleAccepted(@Nullable String batchId, boolean twiceThisRun) {
    Map<String, ImportTarget.ProcessingResult> results = null;
    String waitFailure = null;
    if (waitForProcessing && batchId != null) {
      if (run.cancelled()) {
        waitFailure = "accepted; the import was cancelled before processing finished";
      } else {
        try {
          results = target.awaitProcessing(batchId, run.cancellation()).orElse(null);
        } catch (CallingestException e) {
          waitFailure =
              run.cancelled()
                  ? "accepted; the import was cancelled before processing finished"
                  : "accepted; waiting for processing failed: " + e.getMessage();
        }
      }
    }
    boolean dedup = target.deduplicatesById();
    // One journal append for the whole batch's lines.
    List<CallOutcome> outcomes = new ArrayList<>(pending.size());
    List<@Nullable Character> types = new ArrayList<>(pending.size());
    for (PendingCall<C> entry : pending) {
      String id = entry.id();
      boolean dup = !dedup && (twiceThisRun || entry.earlierDoubt());
      ImportTarget.ProcessingResult result = results == null ? null : results.get(id);
      if (result == null) {
        outcomes.add(CallOutcome.of(id, OutcomeKind.ACCEPTED, batchId, waitFailure, dup));
        types.add('A');
      } else if (result.completed()) {
        outcomes.add(CallOutcome.of(id, OutcomeKind.COMPLETED, batchId, null, dup));
        types.add('C');
      } else {
        outcomes.add(
            CallOutcome.of(
                id,
                OutcomeKind.PROCESSING_FAILED,
                batchId,
                result.reason().orElse("processing failed"),
                dup));
        types.add('X');
      }
    }
    ledger.settleAll(pending, outcomes, types);
  }

  /** Settles every pending call: in doubt if any attempt may have been processed, else failed. */
  private void end(@Nullable String reason) {
    for (PendingCall<C> entry : pending) {
      settleNotAccepted(entry, reason, doubt || entry.earlierDoubt());
    }
  }

  /**
   * Settles a call the server did not accept: in doubt when an attempt may have been processed (it
   * may be on the server), else failed (it is not).
   */
  private void settleNotAccepted(PendingCall<C> entry, @Nullable String reason, boolean inDoubt) {
    if (inDoubt) {
      ledger.settle(
          entry,
          CallOutcome.of(
              entry.id(),
              OutcomeKind.IN_DOUBT,
              null,
              reason + "; an attempt may have been processed, so the call may be on the server",
              false),
          'D');
    } else {
      ledger.settle(
          entry, CallOutcome.of(entry.id(), OutcomeKind.FAILED, null, reason, false), 'F');
    }
  }

  private void endCancelled() {
    for (PendingCall<C> entry : pending) {
      if (doubt || entry.earlierDoubt()) {
        ledger.settle(
            entry,
            CallOutcome.of(
                entry.id(),
                OutcomeKind.IN_DOUBT,
                null,
                "the import was cancelled after an attempt that may have been processed",
                false),
            'D');
      } else {
        ledger.settle(
            entry,
            CallOutcome.of(
                entry.id(),
                OutcomeKind.CANCELLED,
                null,
                "the import was cancelled before the call was sent",
                false),
            'F');
      }
    }
  }

  private Duration backoff(int resend) {
    long initial = initialRetryBackoff.toNanos();
    long max = maxRetryBackoff.toNanos();
    int shift = Math.min(resend - 1, 30);
    long nanos = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    return Duration.ofNanos(nanos);
  }

  /**
   * Failures that a later attempt may not meet: the server's or the network's, not the request's.
   */
  static boolean isTransient(CallingestException e) {
    if (e instanceof ServerException || e instanceof ConnectionException) return true;
    if (e instanceof MalformedResponseException || e instanceof RateLimitedException) return true;
    return e instanceof ApiException && ((ApiException) e).httpStatus() == 408;
  }

  static Map<Integer, List<Violation>> byIndex(List<Violation> violations, int size) {
    Map<Integer, List<Violation>> result = new LinkedHashMap<>();
    for (Violation violation : violations) {
      Matcher matcher = INDEXED_PATH.matcher(violation.path());
      if (!matcher.find()) return Map.of();
      int index = Integer.parseInt(matcher.group(1));
      if (index >= size) return Map.of();
      result.computeIfAbsent(index, i -> new ArrayList<>()).add(violation);
    }
    return result;
  }
}
