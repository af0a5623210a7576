package dev.callingest.bulk;

import dev.callingest.CallingestException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.ServerValidationException;
import dev.callingest.Sleeper;
import dev.callingest.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Imports any number of calls: reads them lazily, rejects the invalid ones, cuts the rest into
 * batches within the API's limits, submits up to {@link Builder#concurrency(int)} batches at a time
 * through the API client (whose pacing and retries apply), and settles every call in exactly one
 * {@link CallOutcome}.
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
 * <p>Memory is bounded by the batch size times the concurrency, whatever the number of calls (plus
 * about 9 bytes per call recorded in a journal being resumed). When the server still answers 429, the
 * importer pauses every submission for the wait the server asked for and sends the batch again: calls
 * are not failed for it (up to {@link Builder#maxRateLimitRounds(int)} rounds per batch).
 *
 * <p>With a journal, a rerun over the same input skips the calls already accepted ({@link
 * OutcomeKind#SKIPPED}) and sends the rest, including calls whose submission was interrupted by a
 * crash. For an API that does not de-duplicate by id (the Upload API), such calls are marked {@link
 * CallOutcome#possibleDuplicate()}.
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
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean cancelled;

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
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
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
    cancelled = false;
    try {
      return new Run().execute(calls);
    } finally {
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
   * Stops the running import: no further call is read or sent; batches already sent finish and are
   * settled and journaled; calls read but not sent are settled as {@link OutcomeKind#CANCELLED}.
   */
  public void cancel() {
    cancelled = true;
  }

  /** The state of one {@link #run}. */
  private final class Run {
    private final Object lock = new Object();
    private final IdStates states = new IdStates();
    private final Semaphore slots = new Semaphore(concurrency);
    private final Map<OutcomeKind, Long> counts = new EnumMap<>(OutcomeKind.class);
    private final Instant started = clock.instant();
    private Instant lastProgress = started;
    private long read;
    private long settled;
    private long possibleDuplicates;
    private volatile Instant pausedUntil = Instant.MIN;
    private Journal journalWriter;
    private ExecutorService workers;

    ImportReport execute(Iterator<? extends C> calls) {
      try {
        if (journal != null) journalWriter = Journal.open(journal, states);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the import journal " + journal + ": " + e.getMessage(), e);
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
      List<C> chunk = new ArrayList<>();
      Set<String> chunkIds = new HashSet<>();
      long chunkBytes = 0;
      try {
        while (!cancelled && calls.hasNext()) {
          C call = calls.next();
          synchronized (lock) {
            read++;
          }
          String id = target.idOf(call);
          if (id == null || id.isBlank()) id = "#" + read;
          if (states.get(id) == IdStates.DONE) {
            settle(CallOutcome.of(id, OutcomeKind.SKIPPED, null, "accepted in an earlier run", false), null);
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
                new CallOutcome(id, OutcomeKind.REJECTED, Optional.empty(),
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
          if (chunkIds.contains(id)) {
            settle(CallOutcome.of(id, OutcomeKind.REJECTED, null,
                "the id appears more than once in the input", false), 'R');
            continue;
          }
          if (chunk.size() == batchSize
              || chunkBytes + size + target.envelopeBytes(chunk.size() + 1) > target.maxBatchBytes()) {
            dispatch(chunk);
            chunk = new ArrayList<>();
            chunkIds = new HashSet<>();
            chunkBytes = 0;
          }
          chunk.add(call);
          chunkIds.add(id);
          chunkBytes += size;
          maybeReportProgress();
        }
        if (cancelled) {
          for (C call : chunk) {
            settle(CallOutcome.of(idOf(call), OutcomeKind.CANCELLED, null, "the import was cancelled", false), null);
          }
        } else if (!chunk.isEmpty()) {
          dispatch(chunk);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelled = true;
        for (C call : chunk) {
          settle(CallOutcome.of(idOf(call), OutcomeKind.CANCELLED, null, "the import was interrupted", false), null);
        }
      } catch (RuntimeException e) {
        // The input itself failed: what was read but not sent still gets its outcome, then the
        // failure reaches the caller once the batches in flight have settled.
        cancelled = true;
        for (C call : chunk) {
          settle(CallOutcome.of(idOf(call), OutcomeKind.CANCELLED, null, "reading the input failed: " + e, false), null);
        }
        throw e;
      } finally {
        slots.acquireUninterruptibly(concurrency);
        workers.shutdown();
        closeJournal();
      }
      synchronized (lock) {
        reportProgress(clock.instant());
        return new ImportReport(read, counts, possibleDuplicates,
            Duration.between(started, clock.instant()), cancelled);
      }
    }

    private String idOf(C call) {
      String id = target.idOf(call);
      return id == null ? "?" : id;
    }

    private void dispatch(List<C> chunk) throws InterruptedException {
      slots.acquire();
      try {
        workers.execute(
            () -> {
              try {
                submit(chunk);
              } finally {
                slots.release();
              }
            });
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
    }

    private void submit(List<C> chunk) {
      List<C> pending = chunk;
      Map<String, Boolean> twice = new LinkedHashMap<>();
      for (C call : chunk) {
        String id = idOf(call);
        twice.put(id, !target.deduplicatesById() && states.get(id) == IdStates.IN_DOUBT);
        if (journalWriter != null) journalWriter.record('P', id);
      }
      String key = UUID.randomUUID().toString();
      int rateLimitRounds = 0;
      boolean split = false;
      while (true) {
        waitWhilePaused();
        try {
          Optional<String> batchId = target.submit(pending, key);
          settleAccepted(pending, batchId.orElse(null), twice);
          return;
        } catch (RateLimitedException e) {
          if (++rateLimitRounds > maxRateLimitRounds) {
            failAll(pending, "still rate limited after " + maxRateLimitRounds + " pauses: " + e.getMessage(), 'F');
            return;
          }
          Duration pause = e.retryAfter().orElse(defaultRateLimitPause);
          Instant until = clock.instant().plus(pause);
          synchronized (lock) {
            if (until.isAfter(pausedUntil)) pausedUntil = until;
          }
          LOG.log(System.Logger.Level.DEBUG, "rate limited; pausing submissions for {0} ms", pause.toMillis());
        } catch (ServerValidationException e) {
          Map<Integer, List<Violation>> byIndex = byIndex(e.violations(), pending.size());
          if (!split && !byIndex.isEmpty() && byIndex.size() < pending.size()) {
            // The server named the bad calls: fail those and send the others once more.
            List<C> rest = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
              List<Violation> mine = byIndex.get(i);
              if (mine == null) {
                rest.add(pending.get(i));
              } else {
                settle(new CallOutcome(idOf(pending.get(i)), OutcomeKind.FAILED, Optional.empty(),
                    Optional.of("refused by the server: " + mine.get(0).rule()), mine, false), 'F');
              }
            }
            pending = rest;
            key = UUID.randomUUID().toString();
            split = true;
            continue;
          }
          failAll(pending, e.getMessage(), 'F');
          return;
        } catch (RequestInDoubtException e) {
          failAll(pending, e.getMessage(), 'D');
          return;
        } catch (CallingestException e) {
          failAll(pending, e.getMessage(), 'F');
          return;
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "unexpected failure while submitting a batch", e);
          failAll(pending, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), 'F');
          return;
        }
      }
    }

    private void settleAccepted(List<C> batch, String batchId, Map<String, Boolean> twice) {
      Map<String, ImportTarget.ProcessingResult> results = null;
      String waitFailure = null;
      if (waitForProcessing && batchId != null) {
        try {
          results = target.awaitProcessing(batchId).orElse(null);
        } catch (CallingestException e) {
          waitFailure = "accepted; waiting for processing failed: " + e.getMessage();
        }
      }
      for (C call : batch) {
        String id = idOf(call);
        boolean dup = twice.getOrDefault(id, false);
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

    private void failAll(List<C> batch, String reason, char journalType) {
      for (C call : batch) {
        settle(CallOutcome.of(idOf(call), OutcomeKind.FAILED, null, reason, false), journalType);
      }
    }

    private void waitWhilePaused() {
      while (true) {
        Duration wait = Duration.between(clock.instant(), pausedUntil);
        if (wait.isNegative() || wait.isZero()) return;
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
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
      ImportProgress progress = new ImportProgress(read, settled, accepted,
          counts.getOrDefault(OutcomeKind.REJECTED, 0L), counts.getOrDefault(OutcomeKind.FAILED, 0L),
          elapsed, rate, eta);
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
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

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

    /** {@return the importer} */
    public BulkImporter<C> build() {
      return new BulkImporter<>(this);
    }
  }
}
