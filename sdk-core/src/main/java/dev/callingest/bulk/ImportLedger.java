package dev.callingest.bulk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
  private final ImportJournal.@Nullable Session journal;
  private final ImportListener listener;
  private final ImportTarget<?> target;
  private final int batchSize;
  private final Duration progressInterval;
  private final OptionalLong expectedTotal;
  private final Clock clock;
  private final Instant started;
  // Counted by kind ordinal: a map of boxed longs allocated a Long per call past 127.
  private final long[] counts = new long[OutcomeKind.values().length];
  private Instant lastProgress;
  private long lastProgressMillis;
  private long read;
  private long settled;
  private long possibleDuplicates;
  /** The first failure to write the journal; once set, nothing more is sent. */
  private volatile @Nullable ImportJournalException journalFailure;

  /**
   * @param lock the run's lock, guarding this ledger too
   * @param journal the open journal, or null when the import keeps none
   */
  ImportLedger(
      Object lock,
      ImportJournal.@Nullable Session journal,
      ImportListener listener,
      ImportTarget<?> target,
      int batchSize,
      Duration progressInterval,
      OptionalLong expectedTotal,
      Clock clock,
      Instant started) {
    this.lock = lock;
    this.journal = journal;
    this.listener = listener;
    this.target = target;
    this.batchSize = batchSize;
    this.progressInterval = progressInterval;
    this.expectedTotal = expectedTotal;
    this.clock = clock;
    this.started = started;
    this.lastProgress = started;
    this.lastProgressMillis = started.toEpochMilli();
  }

  /** Counts one more call read from the input and returns its number, from 1. */
  long countRead() {
    synchronized (lock) {
      return ++read;
    }
  }

  /**
   * Journals, in one append, that the submission of each of {@code ids} started: in doubt until a
   * later line settles it. Returns only once the lines are durable, so the batch may be sent.
   *
   * @throws ImportJournalException when they could not be written; nothing may be sent
   */
  void recordPending(List<String> ids) {
    if (journal == null) return;
    ImportJournalException failed = journalFailure;
    if (failed != null) throw failed;
    List<JournalEvent> events = new ArrayList<>(ids.size());
    for (String id : ids) events.add(JournalEvent.submitting(id));
    try {
      append(journal, events);
    } catch (ImportJournalException e) {
      journalFailed(e);
      throw e;
    }
  }

  /** Appends; every failure, even a custom journal's bug, becomes an ImportJournalException. */
  private static void append(ImportJournal.Session journal, List<JournalEvent> events) {
    try {
      journal.append(events);
    } catch (ImportJournalException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ImportJournalException("the import journal failed: " + e, e);
    }
  }

  /** {@return the first failure to write the journal in this run, or null} */
  @Nullable ImportJournalException journalFailure() {
    return journalFailure;
  }

  /** Records a journal failure; the first one is what the run reports. */
  void journalFailed(ImportJournalException e) {
    synchronized (lock) {
      if (journalFailure == null) {
        journalFailure = e;
        LOG.log(System.Logger.Level.WARNING, "the import journal failed; nothing more is sent", e);
      } else if (journalFailure != e) {
        journalFailure.addSuppressed(e);
      }
    }
  }

  /**
   * Settles one call: counts it, journals it as {@code journalType} (see {@link Journal}; null for
   * none) and tells the listener.
   */
  void settle(CallOutcome outcome, @Nullable Character journalType) {
    List<@Nullable Character> types = new ArrayList<>(1);
    types.add(journalType);
    settleAll(List.of(outcome), types);
  }

  /**
   * Settles several calls, journaling their lines in one append ({@code journalTypes[i]} for {@code
   * outcomes[i]}, null for none) before any is told. A line that cannot be written leaves its
   * outcome true: the call's earlier line stays the last, which a rerun reads as in doubt at worst.
   */
  void settleAll(List<CallOutcome> outcomes, List<@Nullable Character> journalTypes) {
    if (journal != null) {
      List<JournalEvent> events = new ArrayList<>(outcomes.size());
      for (int i = 0; i < outcomes.size(); i++) {
        Character type = journalTypes.get(i);
        if (type != null) events.add(event(outcomes.get(i), type));
      }
      if (!events.isEmpty()) {
        try {
          append(journal, events);
        } catch (ImportJournalException e) {
          journalFailed(e);
        }
      }
    }
    synchronized (lock) {
      for (CallOutcome outcome : outcomes) {
        counts[outcome.kind().ordinal()]++;
        settled++;
        if (outcome.possibleDuplicate()) possibleDuplicates++;
        try {
          listener.onOutcome(outcome);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "import listener failed on an outcome; ignored", e);
        }
      }
      maybeReportProgress();
    }
  }

  private static JournalEvent event(CallOutcome outcome, char type) {
    JournalEvent.Type kind = JournalEvent.Type.fromCode(type);
    String why = outcome.reason().orElse(null);
    return switch (kind) {
      case ACCEPTED, COMPLETED -> JournalEvent.of(kind, outcome.callId(),
          outcome.batchId().orElse(null), outcome.possibleDuplicate(), null);
      case PROCESSING_FAILED -> JournalEvent.of(kind, outcome.callId(),
          outcome.batchId().orElse(null), outcome.possibleDuplicate(), why);
      default -> JournalEvent.of(kind, outcome.callId(), null, false, why);
    };
  }

  /** Reports progress when {@code progressInterval} has passed since the last report. */
  void maybeReportProgress() {
    synchronized (lock) {
      // Runs after every call: a check on the clock's milliseconds first (no Instant, no Duration).
      // Elapsed time is under the difference in milliseconds plus one, so a difference below the
      // interval's whole milliseconds minus one is certainly not due.
      if (clock.millis() - lastProgressMillis < progressInterval.toMillis() - 1) return;
      Instant now = clock.instant();
      if (Duration.between(lastProgress, now).compareTo(progressInterval) >= 0) reportProgress(now);
    }
  }

  /** The final progress report, then the run's report. */
  ImportReport finish(boolean cancelled, long preflightRefused) {
    synchronized (lock) {
      reportProgress(clock.instant());
      Map<OutcomeKind, Long> byKind = new EnumMap<>(OutcomeKind.class);
      for (OutcomeKind kind : OutcomeKind.values()) {
        if (counts[kind.ordinal()] > 0) byKind.put(kind, counts[kind.ordinal()]);
      }
      return ImportReport.of(read, byKind, possibleDuplicates,
          Duration.between(started, clock.instant()), cancelled, preflightRefused);
    }
  }

  private void reportProgress(Instant now) {
    lastProgress = now;
    lastProgressMillis = now.toEpochMilli();
    Duration elapsed = Duration.between(started, now);
    double seconds = elapsed.toNanos() / 1e9;
    double rate = seconds > 0 ? settled / seconds : 0;
    long accepted = counts[OutcomeKind.ACCEPTED.ordinal()]
        + counts[OutcomeKind.COMPLETED.ordinal()]
        + counts[OutcomeKind.PROCESSING_FAILED.ordinal()];
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
        counts[OutcomeKind.REJECTED.ordinal()], counts[OutcomeKind.FAILED.ordinal()],
        counts[OutcomeKind.IN_DOUBT.ordinal()], elapsed, rate, eta);
    try {
      listener.onProgress(progress);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "import listener failed on progress; ignored", e);
    }
  }

  /**
   * Closes the journal, if any. A failure to close is logged, not thrown: every append had already
   * returned durable, and a shared journal's lease that could not be given up expires by itself.
   */
  void closeJournal() {
    if (journal == null) return;
    try {
      journal.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot close the import journal; ignored", e);
    }
  }
}
