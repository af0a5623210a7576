package dev.callingest.bulk;

import dev.callingest.Sleeper;
import dev.callingest.Violation;
import dev.callingest.preflight.PreflightOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One {@link BulkImporter#run}: the loop that reads each call, settles at once the ones that cannot
 * be sent (a repeated id, one an earlier run accepted, an invalid or oversized call, one the
 * preflight refuses), cuts the rest into batches within the API's limits and hands each batch to a
 * worker ({@link BatchSubmission}), at most {@code concurrency} at a time. It also owns the run-wide
 * rate-limit pause and the cancellation that ends every wait.
 *
 * @param <C> the API's call type
 */
final class ImportRun<C> {
  private final BulkImporter<C> importer;
  private final ImportTarget<C> target;
  private final int batchSize;
  private final int concurrency;
  private final @Nullable ImportJournal journal;
  private final @Nullable PreflightOptions preflight;
  private final boolean waitForProcessing;
  private final DeliveryMode delivery;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Object lock = new Object();
  private final AtomicInteger batchNumbers = new AtomicInteger();
  private final IdStates states = new IdStates();
  private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
  private final Instant started;
  private volatile boolean cancelled;
  private int inFlight;
  private volatile Instant pausedUntil = Instant.MIN;
  // Set by execute(), before any other method of the run is called.
  private @Nullable ImportLedger ledger;
  private @Nullable ExecutorService workers;
  private @Nullable PreflightStage<C> preflightStage;
  private @Nullable PreflightGate preflightGate;

  ImportRun(BulkImporter<C> importer) {
    this.importer = importer;
    this.target = importer.target;
    this.batchSize = importer.batchSize;
    this.concurrency = importer.concurrency;
    this.journal = importer.journal;
    this.preflight = importer.preflight;
    this.waitForProcessing = importer.waitForProcessing;
    this.delivery = importer.delivery;
    this.clock = importer.clock;
    this.sleeper = importer.sleeper;
    this.started = clock.instant();
  }

  /** Stops reading and ends every wait of the run's threads; safe from any thread. */
  void cancel() {
    cancelled = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    for (Thread thread : workerThreads) thread.interrupt();
  }

  /** Whether the run was cancelled. */
  boolean cancelled() {
    return cancelled;
  }

  /** Reads, checks and batches every call, hands the batches to the workers, and reports. */
  ImportReport execute(Iterator<? extends C> input) {
    ImportJournal.Session session = null;
    if (journal != null) {
      session = journal.open(states::apply);
      states.openBecomesDoubt();
    }
    ImportLedger ledger = new ImportLedger(lock, session, importer.listener, target, batchSize,
        importer.progressInterval, importer.expectedTotal, clock, started);
    this.ledger = ledger;
    Iterator<? extends C> calls;
    try {
      calls = startStages(input);
    } catch (RuntimeException e) {
      ledger.closeJournal(); // gives a shared journal's lease up
      throw e;
    }
    boolean resendDoubtful = target.deduplicatesById() || delivery == DeliveryMode.AT_LEAST_ONCE;
    List<PendingCall<C>> chunk = new ArrayList<>();
    long chunkBytes = 0;
    try {
      while (!cancelled && ledger.journalFailure() == null && calls.hasNext()) {
        C call = calls.next();
        long number = ledger.countRead();
        String id = target.idOf(call);
        if (id == null || id.isBlank()) id = "#" + number;
        int known = states.get(id);
        if ((known & IdStates.SEEN) != 0) {
          ledger.settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
              "the id appears more than once in the input", false), 'R');
          continue;
        }
        states.update(id, IdStates.SEEN, 0);
        if ((known & IdStates.DONE) != 0) {
          boolean twice = (known & IdStates.DONE_TWICE) != 0 && !target.deduplicatesById();
          ledger.settle(CallOutcome.of(id, OutcomeKind.SKIPPED, null, "accepted in an earlier run", twice), null);
          continue;
        }
        boolean earlierDoubt = (known & IdStates.DOUBT) != 0;
        if (earlierDoubt && !resendDoubtful) {
          ledger.settle(CallOutcome.of(id, OutcomeKind.IN_DOUBT, null,
              "an earlier run may have delivered it; at-most-once delivery does not send it again", false), 'D');
          continue;
        }
        List<Violation> violations;
        try {
          violations = target.validate(call);
        } catch (RuntimeException e) {
          ledger.settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
              "the call could not be checked: " + e, false), 'R');
          continue;
        }
        if (!violations.isEmpty()) {
          ledger.settle(
              CallOutcome.of(id, OutcomeKind.REJECTED, Optional.empty(),
                  Optional.of(violations.get(0).toString()), violations, false),
              'R');
          continue;
        }
        long size = target.encodedSize(call);
        if (size + target.envelopeBytes(1) > target.maxBatchBytes()) {
          ledger.settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
              "the call alone is " + size + " bytes of JSON, more than the request limit of "
                  + target.maxBatchBytes() + " bytes", false), 'R');
          continue;
        }
        // The gate and the stage exist together, when the import runs a preflight.
        String refusal = preflightGate == null ? null
            : preflightGate.refusal(Objects.requireNonNull(preflightStage).lastResult());
        if (refusal != null) {
          ledger.settle(CallOutcome.of(id, OutcomeKind.REJECTED, null, refusal, false), 'R');
          continue;
        }
        if (chunk.size() == batchSize
            || chunkBytes + size + target.envelopeBytes(chunk.size() + 1) > target.maxBatchBytes()) {
          dispatch(chunk);
          chunk = new ArrayList<>();
          chunkBytes = 0;
        }
        chunk.add(new PendingCall<>(call, id, earlierDoubt));
        chunkBytes += size;
        ledger.maybeReportProgress();
      }
      if (cancelled) {
        endUnsent(chunk, "the import was cancelled");
      } else if (ledger.journalFailure() != null) {
        endUnjournaled(chunk);
      } else if (!chunk.isEmpty()) {
        dispatch(chunk);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
      endUnsent(chunk, "the import was interrupted");
    } catch (RuntimeException e) {
      // The input itself failed: what was read but not sent still gets its outcome, then the
      // failure reaches the caller once the batches already handed to a worker have settled.
      endUnsent(chunk, "reading the input failed: " + e);
      throw e;
    } finally {
      awaitWorkers();
      // startStages() returned, so the workers were started.
      Objects.requireNonNull(workers, "startStages() starts the workers").shutdown();
      if (preflightStage != null) preflightStage.close();
      ledger.closeJournal();
    }
    ImportReport report =
        ledger.finish(cancelled, preflightGate == null ? 0 : preflightGate.refused());
    ImportJournalException journalFailure = ledger.journalFailure();
    if (journalFailure != null) throw journalFailure;
    return report;
  }

  /**
   * Journals that {@code batch} is about to be sent; false when that could not be done, in which
   * case no call of the batch may be sent and each has been settled as not sent.
   */
  boolean journalPending(List<PendingCall<C>> batch) {
    List<String> ids = new ArrayList<>(batch.size());
    for (PendingCall<C> entry : batch) ids.add(entry.id());
    try {
      ledger().recordPending(ids);
      return true;
    } catch (ImportJournalException e) {
      endUnjournaled(batch);
      return false;
    }
  }

  /** Settles calls not sent because the journal could not record their submission. */
  private void endUnjournaled(List<PendingCall<C>> calls) {
    ImportJournalException failure = ledger().journalFailure();
    String reason = "not sent: the import journal could not record the submission"
        + (failure == null ? "" : " (" + failure.getMessage() + ")");
    for (PendingCall<C> entry : calls) {
      boolean doubt = entry.earlierDoubt();
      ledger().settle(CallOutcome.of(entry.id(), doubt ? OutcomeKind.IN_DOUBT : OutcomeKind.FAILED,
          null, doubt ? reason + "; an earlier run may have delivered it" : reason, false), null);
    }
  }

  /** Sets up the preflight, when there is one, and the workers; returns the calls to read. */
  private Iterator<? extends C> startStages(Iterator<? extends C> input) {
    Iterator<? extends C> calls = input;
    if (preflight != null) {
      Optional<ImportTarget.PacingLimits> limits = target.pacingLimits();
      var recordingPreflight = target.recordingPreflight(preflight.newBuilder().clock(clock).build());
      // Calls an earlier run had accepted are skipped below: no need to fetch their recordings.
      preflightStage = new PreflightStage<>(input, target, recordingPreflight, clock,
          call -> {
            String id = target.idOf(call);
            return id == null || (states.get(id) & IdStates.DONE) == 0;
          });
      preflightGate = new PreflightGate(recordingPreflight, new SendSchedule(started, batchSize,
          limits.map(ImportTarget.PacingLimits::calls).orElse(OptionalLong.empty()),
          limits.map(ImportTarget.PacingLimits::batches).orElse(OptionalLong.empty()),
          limits.map(ImportTarget.PacingLimits::window).orElse(Duration.ofHours(1)),
          waitForProcessing ? Optional.empty() : target.inFlightLimit(), clock));
      calls = preflightStage;
    }
    AtomicInteger threads = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> {
              Thread thread = new Thread(runnable, "callingest-import-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    return calls;
  }

  /** The run's ledger, which execute() creates before anything else uses it. */
  private ImportLedger ledger() {
    return Objects.requireNonNull(ledger, "execute() creates the ledger");
  }

  /** Settles calls read but never sent; journaled ones are none, so nothing is written. */
  private void endUnsent(List<PendingCall<C>> chunk, String reason) {
    for (PendingCall<C> entry : chunk) {
      ledger().settle(CallOutcome.of(entry.id(), entry.earlierDoubt() ? OutcomeKind.IN_DOUBT : OutcomeKind.CANCELLED,
          null, entry.earlierDoubt() ? reason + "; an earlier run may have delivered it" : reason, false), null);
    }
  }

  private void dispatch(List<PendingCall<C>> chunk) throws InterruptedException {
    synchronized (lock) {
      while (inFlight >= concurrency && !cancelled) lock.wait();
      if (cancelled) {
        endUnsent(chunk, "the import was cancelled");
        return;
      }
      inFlight++;
    }
    try {
      Objects.requireNonNull(workers, "execute() starts the workers").execute(() -> work(chunk));
    } catch (RuntimeException e) {
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
      throw e;
    }
  }

  private void work(List<PendingCall<C>> chunk) {
    Thread self = Thread.currentThread();
    workerThreads.add(self);
    // Batch-level events for tracing (wt-spring), outside the run's lock, on the sending thread.
    ImportBatch batch =
        ImportBatch.builder().number(batchNumbers.incrementAndGet()).calls(chunk.size()).build();
    tell(() -> importer.listener.batchStarted(batch));
    try {
      new BatchSubmission<>(importer, this, ledger(), chunk).run();
    } finally {
      tell(() -> importer.listener.batchEnded(batch));
      workerThreads.remove(self);
      Thread.interrupted(); // an interrupt from cancel() is spent; the pool thread is reused
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
    }
  }

  /** Tells the listener of a batch; its exception is logged and ignored, like an outcome's. */
  private static void tell(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      System.getLogger("dev.callingest.bulk")
          .log(System.Logger.Level.WARNING, "import listener failed; ignored", e);
    }
  }

  private void awaitWorkers() {
    boolean interrupted = false;
    synchronized (lock) {
      while (inFlight > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Holds back every submission of the run until {@code until}, unless a later pause is set. */
  void pauseSubmissionsUntil(Instant until) {
    synchronized (lock) {
      if (until.isAfter(pausedUntil)) pausedUntil = until;
    }
  }

  /** Waits while a rate-limit pause lasts; false when the import was cancelled. */
  boolean waitWhilePaused() {
    while (true) {
      if (cancelled) return false;
      Duration wait = Duration.between(clock.instant(), pausedUntil);
      if (wait.isNegative() || wait.isZero()) return true;
      if (!pause(wait)) return false;
    }
  }

  /** Sleeps; false when the import was cancelled before or during the wait. */
  boolean pause(Duration wait) {
    if (cancelled) return false;
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      return false; // only cancel() interrupts the importer's threads
    }
    return !cancelled;
  }
}
