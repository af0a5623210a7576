package dev.callingest.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What one import run has settled: the counts, the journal lines and the listener's outcomes and
 * progress. Every call read ends here exactly once, through {@link #settle}. It shares the run's
 * lock, so a listener that calls {@code cancel()} from a callback cannot deadlock the run.
 */
final class ImportLedger {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");

  private final Object lock;
  private final @Nullable Journal journal;
  private final @Nullable Path journalPath;
  private final ImportListener listener;
  private final ImportTarget<?> target;
  private final int batchSize;
  private final Duration progressInterval;
  private final OptionalLong expectedTotal;
  private final Clock clock;
  private final Instant started;
  private final Map<OutcomeKind, Long> counts = new EnumMap<>(OutcomeKind.class);
  private Instant lastProgress;
  private long read;
  private long settled;
  private long possibleDuplicates;

  /**
   * @param lock the run's lock, guarding this ledger too
   * @param journal the open journal, or null when the import keeps none
   * @param journalPath the journal's file, for messages; or null
   */
  ImportLedger(
      Object lock,
      @Nullable Journal journal,
      @Nullable Path journalPath,
      ImportListener listener,
      ImportTarget<?> target,
      int batchSize,
      Duration progressInterval,
      OptionalLong expectedTotal,
      Clock clock,
      Instant started) {
    this.lock = lock;
    this.journal = journal;
    this.journalPath = journalPath;
    this.listener = listener;
    this.target = target;
    this.batchSize = batchSize;
    this.progressInterval = progressInterval;
    this.expectedTotal = expectedTotal;
    this.clock = clock;
    this.started = started;
    this.lastProgress = started;
  }

  /** Counts one more call read from the input and returns its number, from 1. */
  long countRead() {
    synchronized (lock) {
      return ++read;
    }
  }

  /** Journals that the submission of {@code id} started: in doubt until a later line settles it. */
  void recordPending(String id) {
    if (journal != null) journal.record('P', id);
  }

  /**
   * Settles one call: counts it, journals it as {@code journalType} (see {@link Journal}; null for
   * none) and tells the listener.
   */
  void settle(CallOutcome outcome, @Nullable Character journalType) {
    synchronized (lock) {
      counts.merge(outcome.kind(), 1L, Long::sum);
      settled++;
      if (outcome.possibleDuplicate()) possibleDuplicates++;
      if (journal != null && journalType != null) {
        String why = outcome.reason().orElse(null);
        switch (journalType) {
          case 'A', 'C' -> journal.record(journalType, outcome.callId(),
              outcome.batchId().orElse("-"), outcome.possibleDuplicate() ? "twice" : "once");
          case 'X' -> journal.record('X', outcome.callId(), outcome.batchId().orElse("-"),
              outcome.possibleDuplicate() ? "twice" : "once", why);
          default -> journal.record(journalType, outcome.callId(), why);
        }
      }
      try {
        listener.onOutcome(outcome);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "import listener failed on an outcome; ignored", e);
      }
      maybeReportProgress();
    }
  }

  /** Reports progress when {@code progressInterval} has passed since the last report. */
  void maybeReportProgress() {
    synchronized (lock) {
      Instant now = clock.instant();
      if (Duration.between(lastProgress, now).compareTo(progressInterval) >= 0) reportProgress(now);
    }
  }

  /** The final progress report, then the run's report. */
  ImportReport finish(boolean cancelled, long preflightRefused) {
    synchronized (lock) {
      reportProgress(clock.instant());
      return ImportReport.of(read, counts, possibleDuplicates,
          Duration.between(started, clock.instant()), cancelled, preflightRefused);
    }
  }

  private void reportProgress(Instant now) {
    lastProgress = now;
    Duration elapsed = Duration.between(started, now);
    double seconds = elapsed.toNanos() / 1e9;
    double rate = seconds > 0 ? settled / seconds : 0;
    long accepted = counts.getOrDefault(OutcomeKind.ACCEPTED, 0L)
        + counts.getOrDefault(OutcomeKind.COMPLETED, 0L)
        + counts.getOrDefault(OutcomeKind.PROCESSING_FAILED, 0L);
    Optional<Duration> eta = Optional.empty();
    if (expectedTotal.isPresent()) {
      long remaining = Math.max(0, expectedTotal.getAsLong() - settled);
      double byRate = rate > 0 ? remaining / rate : Double.NaN;
      OptionalDouble paced = target.pacedCallsPerSecond(batchSize);
      double byPacing = paced.isPresent() && paced.getAsDouble() > 0 ? remaining / paced.getAsDouble() : 0;
      double estimate = Double.isNaN(byRate) ? byPacing : Math.max(byRate, byPacing);
      if (remaining == 0) estimate = 0;
      if (!Double.isNaN(estimate) && (rate > 0 || byPacing > 0 || remaining == 0)) {
        eta = Optional.of(Duration.ofMillis((long) (estimate * 1000)));
      }
    }
    ImportProgress progress = ImportProgress.of(read, settled, accepted,
        counts.getOrDefault(OutcomeKind.REJECTED, 0L), counts.getOrDefault(OutcomeKind.FAILED, 0L),
        counts.getOrDefault(OutcomeKind.IN_DOUBT, 0L), elapsed, rate, eta);
    try {
      listener.onProgress(progress);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "import listener failed on progress; ignored", e);
    }
  }

  /** Closes the journal, if any. */
  void closeJournal() {
    if (journal == null) return;
    try {
      journal.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the import journal " + journalPath, e);
    }
  }
}
