package dev.callingest.bulk;

import dev.callingest.Sleeper;
import dev.callingest.Violation;
import dev.callingest.internal.CancelSignal;
import dev.callingest.internal.CancellableSleep;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.RecordingPreflight;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One {@link BulkImporter#run}: the loop that reads each call, settles at once the ones that cannot
 * be sent (a repeated id, one an earlier run accepted, an invalid or oversized call, one the
 * preflight refuses), cuts the rest into batches within the API's limits and hands each batch to a
 * worker ({@link BatchSubmission}), at most {@code concurrency} at a time. It also owns the
 * run-wide rate-limit pause, the cancellation that ends every wait, and what happens after a
 * failure inside the run.
 *
 * <p>Cancel raises the run's {@link CancelSignal}: whatever blocks for the run (a dispatch wait, a
 * pause, a pacing wait, an HTTP call, a processing wait, a preflight check) has registered what
 * stops it, so no thread is interrupted. An interrupt of the thread that called {@code run()} is
 * taken as a cancel and restored.
 *
 * <p>A failure inside the run (the journal, the importer's own handling, an {@code Error} anywhere)
 * stops it as a cancel stops reading, without cutting off the batches under way: every call still
 * gets its one outcome, and {@link #execute} throws once all have one. A journal that cannot be
 * written also stops sending: a batch whose submission could not be journaled is not sent (its
 * calls end {@link OutcomeKind#FAILED}), and the run throws the {@link ImportJournalException}.
 *
 * @param <C> the API's call type
 */
final class ImportRun<C> {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");

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
  private final Instant started;
  private final CancelSignal signal = CancelSignal.create();
  private final ImportCancellation cancellation =
      new ImportCancellation() {
        @Override
        public boolean isCancelled() {
          return signal.isCancelled();
        }

        @Override
        public Registration onCancel(Runnable action) {
          return signal.onCancel(action)::close;
        }
      };

  /** The first failure inside the run; later ones are attached to it as suppressed. */
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

  private int inFlight;
  private volatile Instant pausedUntil = Instant.MIN;
  private @Nullable ImportLedger ledger;
  private @Nullable ExecutorService workers;
  private @Nullable PreflightStage<C> preflightStage;
  private @Nullable PreflightGate preflightGate;
  private List<PendingCall<C>> chunk = new ArrayList<>();

  /** The id of the call being read and checked, until it is settled or put in the chunk. */
  private @Nullable String unsettled;

  /** The number of that call, from 1, for its {@code #n} before its id is known; 0 for none. */
  private long unsettledNumber;

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

  /** Stops reading and ends every wait and HTTP call of the run; safe from any thread. */
  void cancel() {
    signal.cancel();
  }

  /** Whether the run was cancelled. */
  boolean cancelled() {
    return signal.isCancelled();
  }

  /** The run's cancellation, as the target sees it. */
  ImportCancellation cancellation() {
    return cancellation;
  }

  /** Whether no further call may be read or dispatched: cancelled, or failed inside. */
  private boolean stopped() {
    return signal.isCancelled() || failure.get() != null;
  }

  /**
   * Records a failure inside the run and stops it from reading further; the batches under way go
   * on. Safe from any thread.
   */
  void fail(Throwable thrown) {
    Throwable first = failure.compareAndExchange(null, thrown);
    if (first != null && first != thrown && !(thrown instanceof ImportJournalException)) {
      first.addSuppressed(thrown);
    } else if (first == null) {
      LOG.log(System.Logger.Level.WARNING, "the import stops after a failure inside it", thrown);
    }
    wakeDispatcher();
  }

  /**
   * Reads, checks and batches every call, hands the batches to the workers, and reports.
   *
   * <p>What it throws once every call read has its outcome, the first that applies: an {@code
   * Error} that was the run's first failure inside it (a journal failure suppressed in it); the
   * {@link ImportJournalException} of a journal that could not be written (carrying the report,
   * other failures suppressed); what the input threw; {@link ImportFailedException} for any other
   * failure inside the run.
   *
   * @throws ImportJournalException if the journal cannot be opened (nothing was read), or could not
   *     be written
   * @throws RuntimeException what the input threw, or what setting up the run threw (nothing read)
   * @throws ImportFailedException after a failure inside the run, once every call has its outcome
   * @throws Error an error thrown inside the run, once every call has its outcome
   */
  ImportReport execute(Iterator<? extends C> input) {
    ImportJournal.Session session = null;
    if (journal != null) {
      session = journal.open(states::apply); // nothing read yet: its failure is thrown as is
    }
    ImportLedger ledger;
    Iterator<? extends C> calls;
    try {
      ledger =
          new ImportLedger(
              lock,
              session,
              importer.listener,
              target,
              batchSize,
              importer.progressInterval,
              importer.expectedTotal,
              clock,
              started,
              this::fail);
      this.ledger = ledger;
      if (journal != null) states.openBecomesDoubt();
      calls = startStages(input);
    } catch (RuntimeException | Error e) {
      // Nothing was read: give the journal (a shared journal's lease) up and throw what failed.
      if (preflightStage != null) preflightStage.close();
      if (workers != null) workers.shutdown();
      ImportLedger.closeQuietly(session);
      throw e;
    }
    RuntimeException inputFailure = null;
    CancelSignal.Registration wake = () -> {};
    CancelSignal.Registration cancelWaits = () -> {};
    try {
      wake = signal.onCancel(this::wakeDispatcher);
      cancelWaits = signal.onCancel(ledger::cancelWaits);
      try {
        readAll(calls);
      } catch (InputFailure e) {
        inputFailure = e.failure;
      } catch (Throwable e) {
        fail(e);
      }
      if (!stopped() && inputFailure == null && !chunk.isEmpty()) {
        List<PendingCall<C>> last = chunk;
        chunk = new ArrayList<>();
        dispatch(last); // hands it back in chunk when the run stopped meanwhile
      }
      // What was read and not handed to a worker: none when all went well.
      endUnsent(chunk, inputFailure != null ? "reading the input failed: " + inputFailure : null);
    } catch (Throwable e) {
      fail(e);
      endUnsent(chunk, null);
    } finally {
      wake.close();
      cancelWaits.close();
      awaitWorkers();
      workers().shutdown();
      if (preflightStage != null) preflightStage.close();
      ledger.closeJournal();
    }
    ImportReport report =
        ledger.finish(cancelled(), preflightGate == null ? 0 : preflightGate.refused());
    Throwable failed = failure.get();
    ImportJournalException journalFailure = ledger.journalFailure();
    if (failed instanceof Error error) {
      if (journalFailure != null) error.addSuppressed(journalFailure.withReport(report));
      throw error;
    }
    if (journalFailure != null) {
      // The exceptions are immutable: the run throws a copy that carries its report.
      ImportJournalException thrown = journalFailure.withReport(report);
      if (failed != null && failed != journalFailure) thrown.addSuppressed(failed);
      if (inputFailure != null) thrown.addSuppressed(inputFailure);
      throw thrown;
    }
    if (inputFailure != null) {
      if (failed != null) inputFailure.addSuppressed(failed);
      throw inputFailure;
    }
    if (failed != null) throw new ImportFailedException(report, failed);
    return report;
  }

  /** The input itself failed: what it threw, to reach the caller once the rest is settled. */
  private static final class InputFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RuntimeException failure;

    InputFailure(RuntimeException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  /** Sets up the preflight, when there is one, and the workers; returns the calls to read. */
  private Iterator<? extends C> startStages(Iterator<? extends C> input) {
    Iterator<? extends C> calls = input;
    if (preflight != null) calls = startPreflight(input, preflight);
    AtomicInteger threads = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            concurrency,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "callingest-import-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    return calls;
  }

  private void readAll(Iterator<? extends C> calls) {
    ImportLedger ledger = ledger();
    boolean resendDoubtful = target.deduplicatesById() || delivery == DeliveryMode.AT_LEAST_ONCE;
    long chunkBytes = 0;
    while (true) {
      // Every path through the loop below settles its call or keeps it in the chunk.
      unsettled = null;
      unsettledNumber = 0;
      if (Thread.currentThread().isInterrupted()) cancel(); // the caller's thread was interrupted
      if (stopped() || !hasNext(calls)) break;
      C call = next(calls);
      long number = ledger.countRead();
      unsettledNumber = number; // its "#n" is only built if it is needed
      String id = idOf(call, number);
      unsettled = id;
      int known = states.markSeen(id);
      if ((known & IdStates.SEEN) != 0) {
        ledger.settle(
            CallOutcome.of(
                id,
                OutcomeKind.REJECTED,
                null,
                "the id appears more than once in the input",
                false),
            'R');
        continue;
      }
      if ((known & IdStates.DONE) != 0) {
        boolean twice = (known & IdStates.DONE_TWICE) != 0 && !target.deduplicatesById();
        ledger.settle(
            CallOutcome.of(id, OutcomeKind.SKIPPED, null, "accepted in an earlier run", twice),
            null);
        continue;
      }
      boolean earlierDoubt = (known & IdStates.DOUBT) != 0;
      if (earlierDoubt && !resendDoubtful) {
        ledger.settle(
            CallOutcome.of(
                id,
                OutcomeKind.IN_DOUBT,
                null,
                "an earlier run may have delivered it; at-most-once delivery does not send it again",
                false),
            'D');
        continue;
      }
      List<Violation> violations;
      try {
        violations = target.validate(call);
      } catch (RuntimeException e) {
        ledger.settle(
            CallOutcome.of(
                id, OutcomeKind.REJECTED, null, "the call could not be checked: " + e, false),
            'R');
        continue;
      }
      if (!violations.isEmpty()) {
        ledger.settle(
            CallOutcome.of(
                id,
                OutcomeKind.REJECTED,
                Optional.empty(),
                Optional.of(violations.get(0).toString()),
                violations,
                false),
            'R');
        continue;
      }
      long size = target.encodedSize(call);
      if (size + target.envelopeBytes(1) > target.maxBatchBytes()) {
        ledger.settle(
            CallOutcome.of(
                id,
                OutcomeKind.REJECTED,
                null,
                "the call alone is "
                    + size
                    + " bytes of JSON, more than the request limit of "
                    + target.maxBatchBytes()
                    + " bytes",
                false),
            'R');
        continue;
      }
      // The gate and the stage exist together, when the import runs a preflight.
      String refusal =
          preflightGate == null
              ? null
              : preflightGate.refusal(Objects.requireNonNull(preflightStage).lastResult());
      if (refusal != null) {
        ledger.settle(CallOutcome.of(id, OutcomeKind.REJECTED, null, refusal, false), 'R');
        continue;
      }
      if (chunk.size() == batchSize
          || chunkBytes + size + target.envelopeBytes(chunk.size() + 1) > target.maxBatchBytes()) {
        List<PendingCall<C>> full = chunk;
        chunk = new ArrayList<>();
        chunkBytes = 0;
        dispatch(full);
      }
      chunk.add(new PendingCall<>(call, id, earlierDoubt));
      unsettled = null;
      unsettledNumber = 0;
      chunkBytes += size;
      ledger.maybeReportProgress();
    }
  }

  private String idOf(C call, long number) {
    String id = target.idOf(call);
    return id == null || id.isBlank() ? "#" + number : id;
  }

  private boolean hasNext(Iterator<? extends C> calls) {
    try {
      return calls.hasNext();
    } catch (RuntimeException e) {
      throw new InputFailure(e);
    }
  }

  private C next(Iterator<? extends C> calls) {
    try {
      return calls.next();
    } catch (RuntimeException e) {
      throw new InputFailure(e);
    }
  }

  private Iterator<? extends C> startPreflight(
      Iterator<? extends C> input, PreflightOptions preflight) {
    Optional<ImportTarget.PacingLimits> limits = target.pacingLimits();
    RecordingPreflight recordingPreflight =
        target.recordingPreflight(preflight.newBuilder().clock(clock).build());
    // Calls an earlier run had accepted are skipped below: no need to fetch their recordings.
    preflightStage =
        new PreflightStage<>(
            input,
            target,
            recordingPreflight,
            clock,
            signal,
            call -> {
              String id = target.idOf(call);
              return id == null || (states.get(id) & IdStates.DONE) == 0;
            });
    preflightGate =
        new PreflightGate(
            recordingPreflight,
            new SendSchedule(
                started,
                batchSize,
                limits.map(ImportTarget.PacingLimits::calls).orElse(OptionalLong.empty()),
                limits.map(ImportTarget.PacingLimits::batches).orElse(OptionalLong.empty()),
                limits.map(ImportTarget.PacingLimits::window).orElse(Duration.ofHours(1)),
                waitForProcessing ? Optional.empty() : target.inFlightLimit(),
                clock));
    return preflightStage;
  }

  /**
   * Settles calls read but never sent: {@link OutcomeKind#CANCELLED} after a cancel or when the
   * input failed ({@code reason} given), {@link OutcomeKind#FAILED} when the run stopped on a
   * failure inside it, {@link OutcomeKind#IN_DOUBT} when an earlier run may have delivered one.
   * Nothing of this run went out for them, so nothing is journaled (a rerun sends them as it would
   * have).
   */
  private void endUnsent(List<PendingCall<C>> unsent, @Nullable String reason) {
    if (unsettled != null || unsettledNumber != 0) {
      // Read, and something threw while it was being checked: it never went out.
      String id = unsettled != null ? unsettled : "#" + unsettledNumber;
      unsettled = null;
      unsettledNumber = 0;
      ledger()
          .settle(
              CallOutcome.of(
                  id,
                  OutcomeKind.FAILED,
                  null,
                  "not sent: the import stopped after a failure inside it: " + failure.get(),
                  false),
              null);
    }
    // Not sent, and the run did not fail: cancelled (by the caller, or by the input's failure).
    boolean failed = reason == null && !cancelled() && failure.get() != null;
    ImportJournalException journalFailure = ledger().journalFailure();
    String why =
        reason != null
            ? reason
            : failed && journalFailure != null
                ? unjournaled(journalFailure)
                : failed
                    ? "the import stopped after a failure inside it: " + failure.get()
                    : "the import was cancelled";
    OutcomeKind kind = failed ? OutcomeKind.FAILED : OutcomeKind.CANCELLED;
    for (PendingCall<C> entry : unsent) {
      ledger()
          .settle(
              entry,
              CallOutcome.of(
                  entry.id(),
                  entry.earlierDoubt() ? OutcomeKind.IN_DOUBT : kind,
                  null,
                  entry.earlierDoubt() ? why + "; an earlier run may have delivered it" : why,
                  false),
              null);
    }
    unsent.clear();
  }

  /**
   * Journals, in one durable append, that {@code batch} is about to be sent; false when that could
   * not be done, in which case no call of the batch may be sent and each has been settled as not
   * sent ({@link OutcomeKind#FAILED}, or {@link OutcomeKind#IN_DOUBT} when an earlier run may have
   * delivered it). The journal's failure has stopped the run by then.
   */
  boolean journalPending(List<PendingCall<C>> batch) {
    List<String> ids = new ArrayList<>(batch.size());
    for (PendingCall<C> entry : batch) ids.add(entry.id());
    try {
      ledger().recordPending(ids);
      return true;
    } catch (ImportJournalException e) {
      String reason = unjournaled(e);
      for (PendingCall<C> entry : batch) {
        boolean doubt = entry.earlierDoubt();
        ledger()
            .settle(
                entry,
                CallOutcome.of(
                    entry.id(),
                    doubt ? OutcomeKind.IN_DOUBT : OutcomeKind.FAILED,
                    null,
                    doubt ? reason + "; an earlier run may have delivered it" : reason,
                    false),
                null);
      }
      return false;
    }
  }

  /** The reason of a call not sent because the journal could not record its submission. */
  private String unjournaled(ImportJournalException failure) {
    ImportJournalException first = ledger().journalFailure();
    return "not sent: the import journal could not record the submission ("
        + (first == null ? failure : first).getMessage()
        + ")";
  }

  private void dispatch(List<PendingCall<C>> batch) {
    synchronized (lock) {
      while (inFlight >= concurrency && !stopped()) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          signal.cancel(); // an interrupted caller gives the import up
        }
      }
      if (stopped()) {
        chunk = batch; // settled by the caller, as the rest of what was read
        return;
      }
      inFlight++;
    }
    try {
      workers().execute(() -> work(batch));
    } catch (RuntimeException e) {
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
      chunk = batch;
      throw e;
    }
  }

  private void work(List<PendingCall<C>> chunk) {
    // Batch-level events for tracing, outside the run's lock, on the sending thread.
    ImportBatch batch =
        ImportBatch.builder().number(batchNumbers.incrementAndGet()).calls(chunk.size()).build();
    tell(() -> importer.listener.batchStarted(batch));
    BatchSubmission<C> submission = new BatchSubmission<>(importer, this, ledger(), chunk);
    try {
      submission.run();
    } catch (Throwable e) {
      fail(e); // the batch's calls were settled by the submission before this
    } finally {
      tell(() -> importer.listener.batchEnded(batch));
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

  private void wakeDispatcher() {
    synchronized (lock) {
      lock.notifyAll();
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
          signal.cancel(); // the batches under way stop at once; they settle before this returns
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
      if (cancelled()) return false;
      Duration wait = Duration.between(clock.instant(), pausedUntil);
      if (wait.isNegative() || wait.isZero()) return true;
      if (!pause(wait)) return false;
    }
  }

  /**
   * Sleeps; false when the import was cancelled before or during the wait, which a cancel ends at
   * once. An interrupt of the worker (nobody of ours sends one) is restored and ends the wait as a
   * cancel of this batch would.
   */
  boolean pause(Duration wait) {
    try {
      return CancellableSleep.sleep(sleeper, wait, signal);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The run's ledger, which execute() creates before anything else uses it. */
  private ImportLedger ledger() {
    return Objects.requireNonNull(ledger, "execute() creates the ledger");
  }

  /** The run's workers, which execute() starts before any batch is dispatched. */
  private ExecutorService workers() {
    return Objects.requireNonNull(workers, "execute() starts the workers");
  }
}
