package dev.callingest.bulk;

import dev.callingest.ApiException;
import dev.callingest.CallingestException;
import dev.callingest.ConnectionException;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import dev.callingest.Sleeper;
import dev.callingest.Violation;
import dev.callingest.preflight.PreflightOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Imports any number of calls: reads them lazily, rejects the invalid ones, cuts the rest into
 * batches within the API's limits, submits up to {@link Builder#concurrency(int)} batches at a time
 * through the API client (whose pacing and retries apply), and settles every call in exactly one
 * {@link CallOutcome} that tells the truth about what the server holds (see {@link OutcomeKind}).
 *
 * <pre>{@code
 * BulkImporter<UploadCall> importer = uploadClient.importer()
 *     .batchSize(50)
 *     .journal(Path.of("import.journal"))
 *     .listener(myListener)
 *     .build();
 * ImportReport report = importer.run(calls.iterator());
 * }</pre>
 *
 * <h2>Delivery</h2>
 *
 * A batch whose submission fails in a transient way (5xx, timeout, dropped connection, 429, an
 * unreadable 2xx) is sent again with backoff, under the same idempotency key, until it is accepted or
 * {@link Builder#retryBudget(Duration)} runs out. Whether it may be sent again after an attempt that
 * may have been processed depends on the API: always for one that de-duplicates by id (the Partner
 * API), and for one that does not (the Upload API) as {@link Builder#delivery(DeliveryMode)} says.
 * A call whose fate is unknown ends {@link OutcomeKind#IN_DOUBT}, never {@link OutcomeKind#FAILED};
 * an accepted call that may also have been processed by an earlier attempt, in this run or an
 * earlier one, is {@link CallOutcome#possibleDuplicate()} (never for an API that de-duplicates).
 *
 * <p>Within one run, a call whose id was read before is rejected: it would be the same call sent
 * twice. Ids are remembered as 64-bit hashes, so memory stays bounded.
 *
 * <p>Memory is bounded by the batch size times the concurrency, plus about 18 bytes per distinct id
 * read or found in the journal. When the server still answers 429, the importer pauses every
 * submission for the wait the server asked for and sends the batch again (up to {@link
 * Builder#maxRateLimitRounds(int)} rounds per batch).
 *
 * <p>With a journal, a rerun over the same input skips the calls already accepted ({@link
 * OutcomeKind#SKIPPED}, keeping their duplicate flag) and sends the rest, including calls whose
 * submission was interrupted by a crash; those, and calls left in doubt, are flagged as possible
 * duplicates when accepted, or left in doubt unsent under {@link DeliveryMode#AT_MOST_ONCE}.
 *
 * <p>One import runs at a time per importer; {@link #cancel()} may be called from any thread.
 *
 * @param <C> the API's call type
 */
public final class BulkImporter<C> {
  private static final System.Logger LOG = System.getLogger("dev.callingest.bulk");
  private static final Pattern INDEXED_PATH = Pattern.compile("^[A-Za-z_]+\\[(\\d+)]");

  private final ImportTarget<C> target;
  private final int batchSize;
  private final int concurrency;
  private final Path journal;
  private final ImportListener listener;
  private final boolean waitForProcessing;
  private final Duration progressInterval;
  private final OptionalLong expectedTotal;
  private final Duration defaultRateLimitPause;
  private final int maxRateLimitRounds;
  private final DeliveryMode delivery;
  private final Duration retryBudget;
  private final Duration initialRetryBackoff;
  private final Duration maxRetryBackoff;
  private final Clock clock;
  private final Sleeper sleeper;
  private final PreflightOptions preflight;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private volatile Run current;

  private BulkImporter(Builder<C> builder) {
    this.target = builder.target;
    this.batchSize = builder.batchSize > 0 ? builder.batchSize : target.defaultBatchSize();
    this.concurrency = builder.concurrency > 0 ? builder.concurrency : target.defaultConcurrency();
    this.journal = builder.journal;
    this.listener = builder.listener;
    this.waitForProcessing =
        builder.waitForProcessing != null ? builder.waitForProcessing : target.waitsForProcessingByDefault();
    this.progressInterval = builder.progressInterval;
    this.expectedTotal = builder.expectedTotal;
    this.defaultRateLimitPause = builder.defaultRateLimitPause;
    this.maxRateLimitRounds = builder.maxRateLimitRounds;
    this.delivery = builder.delivery;
    this.retryBudget = builder.retryBudget;
    this.initialRetryBackoff = builder.initialRetryBackoff;
    this.maxRetryBackoff = builder.maxRetryBackoff;
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
    this.preflight = builder.preflight;
  }

  /**
   * {@return a builder for an importer into {@code target}}
   *
   * @param target the API adapter
   * @param <C> the API's call type
   */
  public static <C> Builder<C> builder(ImportTarget<C> target) {
    return new Builder<>(target);
  }

  /**
   * Imports every call of {@code calls}, blocking until each has its outcome or the import is
   * cancelled.
   *
   * @param calls the calls, read lazily and once
   * @return the report; its counts add up to the number of calls read
   * @throws IllegalStateException if this importer is already running
   * @throws UncheckedIOException if the journal cannot be read or written
   * @throws RuntimeException what {@code calls} threw, after every call read before it has its
   *     outcome (those not yet sent are {@link OutcomeKind#CANCELLED})
   */
  public ImportReport run(Iterator<? extends C> calls) {
    Objects.requireNonNull(calls, "calls == null");
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("this importer is already running");
    }
    try {
      Run run = new Run();
      current = run;
      if (cancelRequested.get()) run.cancelled = true; // a cancel() made before run() still counts
      return run.execute(calls);
    } finally {
      current = null;
      cancelRequested.set(false);
      running.set(false);
    }
  }

  /**
   * Imports every call of {@code calls}; see {@link #run(Iterator)}. The stream is closed at the end.
   *
   * @param calls the calls, read lazily and once
   * @return the report
   */
  public ImportReport run(Stream<? extends C> calls) {
    try (calls) {
      return run(calls.iterator());
    }
  }

  /**
   * Stops the running import, or the next one if none is running (a cancel is never lost): no
   * further call is read, and every wait of the importer's threads ends at once (a client-side
   * pacing wait, a rate-limit pause, a backoff before resending, a wait for processing). Each call
   * read still gets its truthful outcome: {@link OutcomeKind#CANCELLED} when no attempt can have
   * been processed, {@link OutcomeKind#IN_DOUBT} when one may have been (the interrupt may abandon a
   * request already on the wire), and accepted calls stay accepted.
   */
  public void cancel() {
    cancelRequested.set(true);
    Run run = current;
    if (run != null) run.cancel();
  }

  /** A call read and checked, on its way into a batch. */
  private record Entry<C>(C call, String id, boolean earlierDoubt) {}

  /** The state of one {@link #run}. */
  private final class Run {
    private final Object lock = new Object();
    private final IdStates states = new IdStates();
    private final Map<OutcomeKind, Long> counts = new EnumMap<>(OutcomeKind.class);
    private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
    private final Instant started = clock.instant();
    private volatile boolean cancelled;
    private Instant lastProgress = started;
    private long read;
    private long settled;
    private long possibleDuplicates;
    private int inFlight;
    private volatile Instant pausedUntil = Instant.MIN;
    private Journal journalWriter;
    private ExecutorService workers;
    private PreflightStage<C> preflightStage;
    private PreflightGate preflightGate;

    void cancel() {
      cancelled = true;
      synchronized (lock) {
        lock.notifyAll();
      }
      for (Thread thread : workerThreads) thread.interrupt();
    }

    ImportReport execute(Iterator<? extends C> input) {
      try {
        if (journal != null) journalWriter = Journal.open(journal, states);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the import journal " + journal + ": " + e.getMessage(), e);
      }
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
      boolean resendDoubtful = target.deduplicatesById() || delivery == DeliveryMode.AT_LEAST_ONCE;
      List<Entry<C>> chunk = new ArrayList<>();
      long chunkBytes = 0;
      try {
        while (!cancelled && calls.hasNext()) {
          C call = calls.next();
          synchronized (lock) {
            read++;
          }
          String id = target.idOf(call);
          if (id == null || id.isBlank()) id = "#" + read;
          int known = states.get(id);
          if ((known & IdStates.SEEN) != 0) {
            settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
                "the id appears more than once in the input", false), 'R');
            continue;
          }
          states.update(id, IdStates.SEEN, 0);
          if ((known & IdStates.DONE) != 0) {
            boolean twice = (known & IdStates.DONE_TWICE) != 0 && !target.deduplicatesById();
            settle(CallOutcome.of(id, OutcomeKind.SKIPPED, null, "accepted in an earlier run", twice), null);
            continue;
          }
          boolean earlierDoubt = (known & IdStates.DOUBT) != 0;
          if (earlierDoubt && !resendDoubtful) {
            settle(CallOutcome.of(id, OutcomeKind.IN_DOUBT, null,
                "an earlier run may have delivered it; at-most-once delivery does not send it again", false), 'D');
            continue;
          }
          List<Violation> violations;
          try {
            violations = target.validate(call);
          } catch (RuntimeException e) {
            settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
                "the call could not be checked: " + e, false), 'R');
            continue;
          }
          if (!violations.isEmpty()) {
            settle(
                CallOutcome.of(id, OutcomeKind.REJECTED, Optional.empty(),
                    Optional.of(violations.get(0).toString()), violations, false),
                'R');
            continue;
          }
          long size = target.encodedSize(call);
          if (size + target.envelopeBytes(1) > target.maxBatchBytes()) {
            settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
                "the call alone is " + size + " bytes of JSON, more than the request limit of "
                    + target.maxBatchBytes() + " bytes", false), 'R');
            continue;
          }
          String refusal = preflightGate == null ? null : preflightGate.refusal(preflightStage.lastResult());
          if (refusal != null) {
            settle(CallOutcome.of(id, OutcomeKind.REJECTED, null, refusal, false), 'R');
            continue;
          }
          if (chunk.size() == batchSize
              || chunkBytes + size + target.envelopeBytes(chunk.size() + 1) > target.maxBatchBytes()) {
            dispatch(chunk);
            chunk = new ArrayList<>();
            chunkBytes = 0;
          }
          chunk.add(new Entry<>(call, id, earlierDoubt));
          chunkBytes += size;
          maybeReportProgress();
        }
        if (cancelled) {
          endUnsent(chunk, "the import was cancelled");
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
        workers.shutdown();
        if (preflightStage != null) preflightStage.close();
        closeJournal();
      }
      synchronized (lock) {
        reportProgress(clock.instant());
        return new ImportReport(read, counts, possibleDuplicates,
            Duration.between(started, clock.instant()), cancelled,
            preflightGate == null ? 0 : preflightGate.refused());
      }
    }

    /** Settles calls read but never sent; journaled ones are none, so nothing is written. */
    private void endUnsent(List<Entry<C>> chunk, String reason) {
      for (Entry<C> entry : chunk) {
        settle(CallOutcome.of(entry.id(), entry.earlierDoubt() ? OutcomeKind.IN_DOUBT : OutcomeKind.CANCELLED,
            null, entry.earlierDoubt() ? reason + "; an earlier run may have delivered it" : reason, false), null);
      }
    }

    private void dispatch(List<Entry<C>> chunk) throws InterruptedException {
      synchronized (lock) {
        while (inFlight >= concurrency && !cancelled) lock.wait();
        if (cancelled) {
          endUnsent(chunk, "the import was cancelled");
          return;
        }
        inFlight++;
      }
      try {
        workers.execute(() -> work(chunk));
      } catch (RuntimeException e) {
        synchronized (lock) {
          inFlight--;
          lock.notifyAll();
        }
        throw e;
      }
    }

    private void work(List<Entry<C>> chunk) {
      Thread self = Thread.currentThread();
      workerThreads.add(self);
      try {
        new Submission(chunk).run();
      } finally {
        workerThreads.remove(self);
        Thread.interrupted(); // an interrupt from cancel() is spent; the pool thread is reused
        synchronized (lock) {
          inFlight--;
          lock.notifyAll();
        }
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

    /** One batch, from its first submission to the outcome of each of its calls. */
    private final class Submission {
      private List<Entry<C>> pending;
      private final boolean resendDoubtful =
          target.deduplicatesById() || delivery == DeliveryMode.AT_LEAST_ONCE;
      /** Whether an attempt of this run may have been processed. */
      private boolean doubt;

      Submission(List<Entry<C>> chunk) {
        this.pending = chunk;
      }

      void run() {
        if (journalWriter != null) {
          for (Entry<C> entry : pending) journalWriter.record('P', entry.id());
        }
        String key = UUID.randomUUID().toString();
        Instant giveUpAt = clock.instant().plus(retryBudget);
        int rateLimitRounds = 0;
        int resends = 0;
        boolean split = false;
        while (true) {
          if (!waitWhilePaused()) {
            endCancelled();
            return;
          }
          try {
            ImportTarget.Submitted result = target.submit(calls(), key, resendDoubtful);
            settleAccepted(result.batchId().orElse(null), doubt || result.earlierAttemptPossiblyProcessed());
            return;
          } catch (RateLimitedException e) {
            doubt |= e.possiblyProcessed();
            if (cancelled) {
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
            synchronized (lock) {
              if (until.isAfter(pausedUntil)) pausedUntil = until;
            }
            LOG.log(System.Logger.Level.DEBUG, "rate limited; pausing submissions for {0} ms", pause.toMillis());
          } catch (ServerValidationException e) {
            doubt |= e.possiblyProcessed();
            Map<Integer, List<Violation>> byIndex = byIndex(e.violations(), pending.size());
            if (!split && !byIndex.isEmpty() && byIndex.size() < pending.size() && (!doubt || resendDoubtful)) {
              // The server named the bad calls: settle those and send the others once more.
              List<Entry<C>> rest = new ArrayList<>();
              for (int i = 0; i < pending.size(); i++) {
                List<Violation> mine = byIndex.get(i);
                if (mine == null) {
                  rest.add(pending.get(i));
                } else {
                  Entry<C> entry = pending.get(i);
                  boolean unknown = doubt || entry.earlierDoubt();
                  settle(CallOutcome.of(entry.id(), unknown ? OutcomeKind.IN_DOUBT : OutcomeKind.FAILED,
                      Optional.empty(), Optional.of("refused by the server: " + mine.get(0).rule()
                          + (unknown ? "; an earlier attempt may have been processed" : "")), mine, false),
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
            doubt |= e.possiblyProcessed();
            if (cancelled) {
              endCancelled();
              return;
            }
            if (!isTransient(e) || (doubt && !resendDoubtful)) {
              end(e.getMessage());
              return;
            }
            Duration wait = backoff(++resends);
            if (clock.instant().plus(wait).isAfter(giveUpAt)) {
              end("gave up after " + resends + " submissions within the retry budget of " + retryBudget
                  + ": " + e.getMessage());
              return;
            }
            LOG.log(System.Logger.Level.DEBUG, "submission failed ({0}); sending again in {1} ms",
                e.getMessage(), wait.toMillis());
            if (!pause(wait)) {
              endCancelled();
              return;
            }
          } catch (RuntimeException e) {
            // A fault of the adapter: nobody can say whether the batch went out.
            LOG.log(System.Logger.Level.WARNING, "unexpected failure while submitting a batch", e);
            doubt = true;
            end("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
          }
        }
      }

      private List<C> calls() {
        List<C> calls = new ArrayList<>(pending.size());
        for (Entry<C> entry : pending) calls.add(entry.call());
        return calls;
      }

      private void settleAccepted(String batchId, boolean twiceThisRun) {
        Map<String, ImportTarget.ProcessingResult> results = null;
        String waitFailure = null;
        if (waitForProcessing && batchId != null) {
          if (cancelled) {
            waitFailure = "accepted; the import was cancelled before processing finished";
          } else {
            try {
              results = target.awaitProcessing(batchId).orElse(null);
            } catch (CallingestException e) {
              waitFailure = cancelled
                  ? "accepted; the import was cancelled before processing finished"
                  : "accepted; waiting for processing failed: " + e.getMessage();
            }
          }
        }
        boolean dedup = target.deduplicatesById();
        for (Entry<C> entry : pending) {
          String id = entry.id();
          boolean dup = !dedup && (twiceThisRun || entry.earlierDoubt());
          ImportTarget.ProcessingResult result = results == null ? null : results.get(id);
          if (result == null) {
            settle(CallOutcome.of(id, OutcomeKind.ACCEPTED, batchId, waitFailure, dup), 'A');
          } else if (result.completed()) {
            settle(CallOutcome.of(id, OutcomeKind.COMPLETED, batchId, null, dup), 'C');
          } else {
            settle(CallOutcome.of(id, OutcomeKind.PROCESSING_FAILED, batchId,
                result.reason() == null ? "processing failed" : result.reason(), dup), 'X');
          }
        }
      }

      /** Settles every pending call: in doubt if any attempt may have been processed, else failed. */
      private void end(String reason) {
        for (Entry<C> entry : pending) {
          if (doubt || entry.earlierDoubt()) {
            settle(CallOutcome.of(entry.id(), OutcomeKind.IN_DOUBT, null,
                reason + "; an attempt may have been processed, so the call may be on the server", false), 'D');
          } else {
            settle(CallOutcome.of(entry.id(), OutcomeKind.FAILED, null, reason, false), 'F');
          }
        }
      }

      private void endCancelled() {
        for (Entry<C> entry : pending) {
          if (doubt || entry.earlierDoubt()) {
            settle(CallOutcome.of(entry.id(), OutcomeKind.IN_DOUBT, null,
                "the import was cancelled after an attempt that may have been processed", false), 'D');
          } else {
            settle(CallOutcome.of(entry.id(), OutcomeKind.CANCELLED, null,
                "the import was cancelled before the call was sent", false), 'F');
          }
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

    /** Waits while a rate-limit pause lasts; false when the import was cancelled. */
    private boolean waitWhilePaused() {
      while (true) {
        if (cancelled) return false;
        Duration wait = Duration.between(clock.instant(), pausedUntil);
        if (wait.isNegative() || wait.isZero()) return true;
        if (!pause(wait)) return false;
      }
    }

    /** Sleeps; false when the import was cancelled before or during the wait. */
    private boolean pause(Duration wait) {
      if (cancelled) return false;
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        return false; // only cancel() interrupts the importer's threads
      }
      return !cancelled;
    }

    private void settle(CallOutcome outcome, Character journalType) {
      synchronized (lock) {
        counts.merge(outcome.kind(), 1L, Long::sum);
        settled++;
        if (outcome.possibleDuplicate()) possibleDuplicates++;
        if (journalWriter != null && journalType != null) {
          String why = outcome.reason().orElse(null);
          switch (journalType) {
            case 'A', 'C' -> journalWriter.record(journalType, outcome.callId(),
                outcome.batchId().orElse("-"), outcome.possibleDuplicate() ? "twice" : "once");
            case 'X' -> journalWriter.record('X', outcome.callId(), outcome.batchId().orElse("-"),
                outcome.possibleDuplicate() ? "twice" : "once", why);
            default -> journalWriter.record(journalType, outcome.callId(), why);
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
    private void maybeReportProgress() {
      synchronized (lock) {
        Instant now = clock.instant();
        if (Duration.between(lastProgress, now).compareTo(progressInterval) >= 0) reportProgress(now);
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

    private void closeJournal() {
      if (journalWriter == null) return;
      try {
        journalWriter.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the import journal " + journal, e);
      }
    }
  }

  /** Failures that a later attempt may not meet: the server's or the network's, not the request's. */
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

  /**
   * Builds a {@link BulkImporter}.
   *
   * @param <C> the API's call type
   */
  public static final class Builder<C> {
    private final ImportTarget<C> target;
    private int batchSize;
    private int concurrency;
    private Path journal;
    private ImportListener listener = ImportListener.NONE;
    private Boolean waitForProcessing;
    private Duration progressInterval = Duration.ofSeconds(1);
    private OptionalLong expectedTotal = OptionalLong.empty();
    private Duration defaultRateLimitPause = Duration.ofSeconds(30);
    private int maxRateLimitRounds = 20;
    private DeliveryMode delivery = DeliveryMode.AT_LEAST_ONCE;
    private Duration retryBudget = Duration.ofMinutes(30);
    private Duration initialRetryBackoff = Duration.ofSeconds(1);
    private Duration maxRetryBackoff = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private PreflightOptions preflight;

    Builder(ImportTarget<C> target) {
      this.target = Objects.requireNonNull(target, "target == null");
    }

    /**
     * Sets the preferred number of calls per batch. Default: the API's choice; for the Upload API the
     * size that lets the calls-per-hour limit bind (100 at the documented limits), for the Partner
     * API its maximum of 50.
     *
     * @param size 1 to the API's maximum (Upload 100, Partner 50)
     * @return this builder
     */
    public Builder<C> batchSize(int size) {
      if (size < 1 || size > target.maxBatchSize()) {
        throw new IllegalArgumentException(
            "batchSize must be between 1 and " + target.maxBatchSize() + ": " + size);
      }
      this.batchSize = size;
      return this;
    }

    /**
     * Sets how many batches may be submitted at the same time. Default: the API's choice; for the
     * Upload API its in-flight limit ({@link dev.callingest.upload.UploadPacing#maxBatchesInFlight()},
     * 10 by default, at most 16), for the Partner API 2.
     *
     * @param concurrency 1 to 16
     * @return this builder
     */
    public Builder<C> concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 16) {
        throw new IllegalArgumentException("concurrency must be between 1 and 16: " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Keeps a journal in {@code file} (created if missing), so that a rerun over the same input skips
     * what was accepted and sends the rest.
     *
     * @param file the journal file
     * @return this builder
     */
    public Builder<C> journal(Path file) {
      this.journal = Objects.requireNonNull(file, "file == null");
      return this;
    }

    /**
     * Sets the listener of outcomes and progress.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<C> listener(ImportListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Waits for each accepted batch to finish processing and settles its calls as {@link
     * OutcomeKind#COMPLETED} or {@link OutcomeKind#PROCESSING_FAILED}, for APIs that report
     * processing (the Upload API). Default: true for the Upload API (seeing a batch finish is what
     * frees its in-flight slot; without it each batch holds its slot for {@link
     * dev.callingest.upload.UploadPacing#inFlightExpiry()}), false otherwise. A waiting batch keeps its
     * submission slot, which is why the Upload default concurrency is the in-flight limit.
     *
     * @param wait whether to wait
     * @return this builder
     */
    public Builder<C> waitForProcessing(boolean wait) {
      this.waitForProcessing = wait;
      return this;
    }

    /**
     * Sets how often progress is reported. Default 1 s.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder<C> progressInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("progressInterval must be positive: " + interval);
      }
      this.progressInterval = interval;
      return this;
    }

    /**
     * Sets how many calls the input holds, when known, so that progress can estimate the time left.
     *
     * @param total zero or more
     * @return this builder
     */
    public Builder<C> expectedTotal(long total) {
      if (total < 0) throw new IllegalArgumentException("expectedTotal must not be negative: " + total);
      this.expectedTotal = OptionalLong.of(total);
      return this;
    }

    /**
     * Sets how long to pause after a 429 that named no wait. Default 30 s.
     *
     * @param pause positive
     * @return this builder
     */
    public Builder<C> defaultRateLimitPause(Duration pause) {
      Objects.requireNonNull(pause, "pause == null");
      if (pause.isNegative() || pause.isZero()) {
        throw new IllegalArgumentException("defaultRateLimitPause must be positive: " + pause);
      }
      this.defaultRateLimitPause = pause;
      return this;
    }

    /**
     * Sets how many times one batch may be paused for rate limiting before its calls fail. Default 20.
     *
     * @param rounds 0 or more
     * @return this builder
     */
    public Builder<C> maxRateLimitRounds(int rounds) {
      if (rounds < 0) throw new IllegalArgumentException("maxRateLimitRounds must not be negative");
      this.maxRateLimitRounds = rounds;
      return this;
    }

    /**
     * Sets what happens after an attempt that may have been processed, for an API that does not
     * de-duplicate by id (the Upload API); see {@link DeliveryMode}. Default {@link
     * DeliveryMode#AT_LEAST_ONCE}. For an API that de-duplicates, calls are always sent again.
     *
     * @param mode the delivery mode
     * @return this builder
     */
    public Builder<C> delivery(DeliveryMode mode) {
      this.delivery = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    /**
     * Sets how long the importer keeps sending one batch again after transient failures (5xx,
     * timeouts, dropped connections, unreadable answers), on top of the client's own retries of each
     * submission. When it runs out, the batch's calls end {@link OutcomeKind#FAILED}, or {@link
     * OutcomeKind#IN_DOUBT} if an attempt may have been processed. Default 30 minutes; zero sends each
     * batch once (with the client's retries).
     *
     * @param budget zero or more
     * @return this builder
     */
    public Builder<C> retryBudget(Duration budget) {
      Objects.requireNonNull(budget, "budget == null");
      if (budget.isNegative()) throw new IllegalArgumentException("retryBudget must not be negative: " + budget);
      this.retryBudget = budget;
      return this;
    }

    /**
     * Sets the wait before the importer sends a batch again: {@code initial}, doubling up to {@code
     * max}. Default 1 s up to 1 min.
     *
     * @param initial positive
     * @param max at least {@code initial}
     * @return this builder
     */
    public Builder<C> retryBackoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial == null");
      Objects.requireNonNull(max, "max == null");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("retryBackoff needs 0 < initial <= max: " + initial + ", " + max);
      }
      this.initialRetryBackoff = initial;
      this.maxRetryBackoff = max;
      return this;
    }

    /**
     * Sets the clock for progress and pauses. Default: the API client's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder<C> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets what waits during rate-limit pauses. Default: the API client's sleeper.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder<C> sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Checks each call's recording before it is put in a batch, so that a recording the API could
     * not fetch costs none of its budget (see {@link dev.callingest.preflight.RecordingPreflight}).
     * Off by default. Recordings are checked {@link PreflightOptions#concurrency()} at a time, a
     * little ahead of the batches being cut. A call whose check fails ends {@link
     * OutcomeKind#REJECTED} with a reason starting {@code preflight:}; so does a presigned URL that
     * expires before the call's estimated send time under this client's pacing plus {@link
     * PreflightOptions#processingAllowance()} (the reason names that time). {@code s3://} URLs are
     * not checked. The importer's clock replaces the options' clock.
     *
     * @param options the preflight settings, such as {@link PreflightOptions#DEFAULT}
     * @return this builder
     */
    public Builder<C> preflight(PreflightOptions options) {
      this.preflight = Objects.requireNonNull(options, "options == null");
      return this;
    }

    /** {@return the importer} */
    public BulkImporter<C> build() {
      return new BulkImporter<>(this);
    }
  }
}
