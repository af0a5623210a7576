package dev.callingest.bulk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What one import run has settled: the counts, the journal lines and the listener's outcomes and
 * progress. Every call read ends here exactly once, through {@link #settle}. Counts change under
 * the run's lock; what the listener is to hear is queued under it, in order, and told after the
 * lock is released, by one thread at a time (whichever settled first), so a slow listener never
 * holds up another worker's settling, and a listener that calls {@code cancel()} cannot deadlock
 * the run.
 *
 * <p>A journal line that cannot be written does not lose the call's outcome: the call is counted
 * and told as usual, the failure ({@link ImportJournalException}) goes to the run, which stops
 * reading and sending, and no further line is written, so that the journal a rerun reads is a clean
 * prefix of what happened (the call's earlier line stays its last, which a rerun reads as in doubt
 * at worst).
 */
final class ImportLedger {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");

  /**
   * The most outcomes queued for a busy listener: beyond it the threads that settle more wait for
   * the listener, so that memory stays bounded however slow it is.
   */
  static final int MAX_QUEUED = 4096;

  private final Object lock;
  private final ImportJournal.@Nullable Session journal;
  private final ImportListener listener;
  private final ImportTarget<?> target;
  private final int batchSize;
  private final Duration progressInterval;
  private final OptionalLong expectedTotal;
  private final Clock clock;
  private final Instant started;
  private final Consumer<Throwable> onFailure;
  // Counted by kind ordinal: a map of boxed longs allocated a Long per call past 127.
  private final long[] counts = new long[OutcomeKind.values().length];

  /**
   * What the listener is yet to hear, in order: {@link CallOutcome}s and {@link ImportProgress}.
   */
  private final ArrayDeque<Object> toTell = new ArrayDeque<>();

  /** Whether a thread is telling the listener; guarded by the lock. */
  private boolean telling;

  /** Threads waiting for the queue to shrink; guarded by the lock. */
  private int waiters;

  /** Set when the run is cancelled: nobody waits for the listener any more. */
  private boolean waitsCancelled;

  /** The first failure to write the journal; once set, no further line is written. */
  private volatile @Nullable ImportJournalException journalFailure;

  private Instant lastProgress;

  /**
   * {@link #lastProgress} in milliseconds, for a check without the lock: it is read by the reading
   * thread after each call, and written under the lock.
   */
  private volatile long lastProgressMillis;

  /**
   * Calls read: written by the reading thread alone (so without the lock), read by any. Each call
   * is counted before it can be settled, so a snapshot never has more settled than read.
   */
  private volatile long read;

  private long settled;
  private long possibleDuplicates;

  /**
   * @param lock the run's lock, guarding this ledger too
   * @param journal the open journal, or null when the import keeps none
   * @param onFailure hears a failure inside the ledger (a journal line not written), which stops
   *     the run
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
      Instant started,
      Consumer<Throwable> onFailure) {
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
    this.onFailure = onFailure;
  }

  /**
   * Counts one more call read from the input and returns its number, from 1. Called by the reading
   * thread only.
   */
  long countRead() {
    long number = read + 1;
    read = number;
    return number;
  }

  /**
   * Journals, in one append, that the submission of each of {@code ids} started: in doubt until a
   * later line settles it. Returns only once the lines are durable, so the batch may be sent.
   *
   * @throws ImportJournalException when they could not be written (or an earlier line could not):
   *     nothing may be sent
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

  /** Records a journal failure; the first one stops the run, and is what the run throws. */
  private void journalFailed(ImportJournalException e) {
    synchronized (lock) {
      ImportJournalException first = journalFailure;
      if (first != null) {
        if (first != e) first.addSuppressed(e);
        return;
      }
      journalFailure = e;
    }
    onFailure.accept(e); // stops the run, which logs the failure
  }

  /**
   * Settles one call of a batch, unless it already was: see {@link #settleAll}.
   *
   * @return false when the call had been settled before, and nothing was done
   */
  boolean settle(PendingCall<?> entry, CallOutcome outcome, @Nullable Character journalType) {
    List<@Nullable Character> types = new ArrayList<>(1);
    types.add(journalType);
    return settleAll(List.of(entry), List.of(outcome), types) == 1;
  }

  /** Settles one call that is in no batch (read and settled at once): see {@link #settleAll}. */
  void settle(CallOutcome outcome, @Nullable Character journalType) {
    List<@Nullable Character> types = new ArrayList<>(1);
    types.add(journalType);
    settleAll(null, List.of(outcome), types);
  }

  /**
   * Settles several calls: {@code outcomes[i]} for {@code entries[i]} (entries null for calls in no
   * batch), skipping each entry settled before. Journals their lines in one append ({@code
   * journalTypes[i]}, see {@link JournalEvent.Type}; null for none), then counts them and queues
   * them for the listener, who hears them after the lock is released: nothing is told that a rerun
   * would not know. A line that cannot be written does not lose the outcomes (see above).
   *
   * @return how many calls were settled now
   */
  int settleAll(
      @Nullable List<? extends PendingCall<?>> entries,
      List<CallOutcome> outcomes,
      List<@Nullable Character> journalTypes) {
    List<CallOutcome> now = new ArrayList<>(outcomes.size());
    List<JournalEvent> events = new ArrayList<>(outcomes.size());
    synchronized (lock) {
      for (int i = 0; i < outcomes.size(); i++) {
        if (entries != null) {
          PendingCall<?> entry = entries.get(i);
          if (entry.settled) continue;
          entry.settled = true;
        }
        CallOutcome outcome = outcomes.get(i);
        now.add(outcome);
        Character type = journalTypes.get(i);
        if (type != null && journal != null) events.add(event(outcome, type));
      }
    }
    if (now.isEmpty()) return 0;
    try {
      if (journal != null && !events.isEmpty() && journalFailure == null) {
        try {
          append(journal, events);
        } catch (ImportJournalException e) {
          journalFailed(e);
        }
      }
    } finally {
      // Even an Error from the journal leaves these calls counted and told.
      synchronized (lock) {
        for (CallOutcome outcome : now) {
          counts[outcome.kind().ordinal()]++;
          settled++;
          if (outcome.possibleDuplicate()) possibleDuplicates++;
          if (listener != ImportListener.NONE) toTell.add(outcome); // it would hear nothing
        }
        progressIfDue();
        awaitRoom();
      }
      tell();
    }
    return now.size();
  }

  private static JournalEvent event(CallOutcome outcome, char type) {
    JournalEvent.Type kind = JournalEvent.Type.fromCode(type);
    String why = outcome.reason().orElse(null);
    return switch (kind) {
      case ACCEPTED, COMPLETED ->
          JournalEvent.of(
              kind,
              outcome.callId(),
              outcome.batchId().orElse(null),
              outcome.possibleDuplicate(),
              null);
      case PROCESSING_FAILED ->
          JournalEvent.of(
              kind,
              outcome.callId(),
              outcome.batchId().orElse(null),
              outcome.possibleDuplicate(),
              why);
      default -> JournalEvent.of(kind, outcome.callId(), null, false, why);
    };
  }

  /**
   * Reports progress when {@code progressInterval} has passed since the last report. Called after
   * each call read, so it returns at once, taking no lock, while the interval is surely not over.
   */
  void maybeReportProgress() {
    // The milliseconds of two instants differ by less than a millisecond more than the instants.
    long sinceMillis = clock.millis() - lastProgressMillis;
    if (sinceMillis < progressInterval.toMillis() - 1) return;
    synchronized (lock) {
      progressIfDue();
    }
    tell();
  }

  /**
   * Under the lock: while another thread tells a listener that has fallen {@link #MAX_QUEUED}
   * outcomes behind, waits for it (the lock released). A cancel or an interrupt ends the wait; the
   * interrupt is restored.
   */
  private void awaitRoom() {
    while (telling && toTell.size() > MAX_QUEUED && !waitsCancelled) {
      waiters++;
      try {
        lock.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        waiters--;
      }
    }
  }

  /** Ends every wait for the listener, for good: the run was cancelled. */
  void cancelWaits() {
    synchronized (lock) {
      waitsCancelled = true;
      lock.notifyAll();
    }
  }

  private void progressIfDue() {
    Instant now = clock.instant();
    if (Duration.between(lastProgress, now).compareTo(progressInterval) >= 0) reportProgress(now);
  }

  /** The final progress report, then the run's report, once the listener heard everything. */
  ImportReport finish(boolean cancelled, long preflightRefused) {
    ImportReport report;
    synchronized (lock) {
      reportProgress(clock.instant());
      Map<OutcomeKind, Long> byKind = new EnumMap<>(OutcomeKind.class);
      for (OutcomeKind kind : OutcomeKind.values()) {
        if (counts[kind.ordinal()] > 0) byKind.put(kind, counts[kind.ordinal()]);
      }
      report =
          ImportReport.of(
              read,
              byKind,
              possibleDuplicates,
              Duration.between(started, clock.instant()),
              cancelled,
              preflightRefused);
    }
    tell();
    return report;
  }

  /**
   * Tells the listener what is queued, in order, outside the lock; returns at once when another
   * thread is telling (it tells what this thread queued too). A {@code RuntimeException} from the
   * listener is logged and ignored; an {@code Error} goes to the run, which stops, and the telling
   * goes on so that every outcome is still heard.
   */
  private void tell() {
    while (true) {
      Object next;
      synchronized (lock) {
        if (telling || toTell.isEmpty()) return;
        telling = true;
        next = toTell.poll();
        if (waiters > 0 && toTell.size() <= MAX_QUEUED / 2) lock.notifyAll();
      }
      try {
        if (next instanceof CallOutcome outcome) {
          listener.onOutcome(outcome);
        } else {
          listener.onProgress((ImportProgress) next);
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "import listener failed; ignored", e);
      } catch (Error e) {
        onFailure.accept(e);
      } finally {
        synchronized (lock) {
          telling = false;
          if (waiters > 0) lock.notifyAll(); // whoever waits may tell now
        }
      }
    }
  }

  private void reportProgress(Instant now) {
    lastProgress = now;
    lastProgressMillis = now.toEpochMilli();
    Duration elapsed = Duration.between(started, now);
    double seconds = elapsed.toNanos() / 1e9;
    double rate = seconds > 0 ? settled / seconds : 0;
    long accepted =
        counts[OutcomeKind.ACCEPTED.ordinal()]
            + counts[OutcomeKind.COMPLETED.ordinal()]
            + counts[OutcomeKind.PROCESSING_FAILED.ordinal()];
    Optional<Duration> eta = Optional.empty();
    if (expectedTotal.isPresent()) {
      long remaining = Math.max(0, expectedTotal.getAsLong() - settled);
      double byRate = rate > 0 ? remaining / rate : Double.NaN;
      OptionalDouble paced = target.pacedCallsPerSecond(batchSize);
      double byPacing =
          paced.isPresent() && paced.getAsDouble() > 0 ? remaining / paced.getAsDouble() : 0;
      double estimate = Double.isNaN(byRate) ? byPacing : Math.max(byRate, byPacing);
      if (remaining == 0) estimate = 0;
      if (!Double.isNaN(estimate) && (rate > 0 || byPacing > 0 || remaining == 0)) {
        eta = Optional.of(Duration.ofMillis((long) (estimate * 1000)));
      }
    }
    ImportProgress progress =
        ImportProgress.of(
            read,
            settled,
            accepted,
            counts[OutcomeKind.REJECTED.ordinal()],
            counts[OutcomeKind.FAILED.ordinal()],
            counts[OutcomeKind.IN_DOUBT.ordinal()],
            elapsed,
            rate,
            eta);
    if (listener != ImportListener.NONE) toTell.add(progress); // it would hear nothing
  }

  /**
   * Closes the journal, if any. A failure to close is logged, not thrown: every append had already
   * returned durable, and a shared journal's lease that could not be given up expires by itself.
   */
  void closeJournal() {
    closeQuietly(journal);
  }

  /** Closes {@code journal} when there is one, logging a failure; see {@link #closeJournal()}. */
  static void closeQuietly(ImportJournal.@Nullable Session journal) {
    if (journal == null) return;
    try {
      journal.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot close the import journal; ignored", e);
    }
  }
}
