package dev.callingest.bulk;

import dev.callingest.Sleeper;
import dev.callingest.internal.DurationLimits;
import dev.callingest.preflight.PreflightOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

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
 * unreadable 2xx) is sent again with backoff, under the same idempotency key, until it is accepted
 * or {@link Builder#retryBudget(Duration)} runs out. Whether it may be sent again after an attempt
 * that may have been processed depends on the API: always for one that de-duplicates by id (the
 * Partner API), and for one that does not (the Upload API) as {@link
 * Builder#delivery(DeliveryMode)} says. A call whose fate is unknown ends {@link
 * OutcomeKind#IN_DOUBT}, never {@link OutcomeKind#FAILED}; an accepted call that may also have been
 * processed by an earlier attempt, in this run or an earlier one, is {@link
 * CallOutcome#possibleDuplicate()} (never for an API that de-duplicates).
 *
 * <p>Within one run, a call whose id was read before is rejected: it would be the same call sent
 * twice. Ids are remembered as 64-bit hashes, so memory stays bounded.
 *
 * <p>Memory is bounded by the batch size times the concurrency, plus about 14 bytes per distinct id
 * read or found in the journal. When the server still answers 429, the importer pauses every
 * submission for the wait the server asked for and sends the batch again (up to {@link
 * Builder#maxRateLimitRounds(int)} rounds per batch).
 *
 * <p>With a journal, a rerun over the same input skips the calls already accepted ({@link
 * OutcomeKind#SKIPPED}, keeping their duplicate flag) and sends the rest, including calls whose
 * submission was interrupted by a crash; those, and calls left in doubt, are flagged as possible
 * duplicates when accepted, or left in doubt unsent under {@link DeliveryMode#AT_MOST_ONCE}. A
 * {@link JdbcImportJournal} keeps the journal of a named import in a database, so that another
 * process can resume it and two processes cannot run it at once. Nothing is sent whose submission
 * the journal could not record (see {@link ImportJournal}).
 *
 * <p>One import runs at a time per importer; {@link #cancel()} may be called from any thread.
 *
 * @param <C> the API's call type
 */
public final class BulkImporter<C> {
  // The settings, read by ImportRun and BatchSubmission.
  final ImportTarget<C> target;
  final int batchSize;
  final int concurrency;
  final @Nullable ImportJournal journal;
  final ImportListener listener;
  final boolean waitForProcessing;
  final Duration progressInterval;
  final OptionalLong expectedTotal;
  final Duration defaultRateLimitPause;
  final int maxRateLimitRounds;
  final DeliveryMode delivery;
  final Duration retryBudget;
  final Duration initialRetryBackoff;
  final Duration maxRetryBackoff;
  final Clock clock;
  final Sleeper sleeper;
  final @Nullable PreflightOptions preflight;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private volatile @Nullable ImportRun<C> current;

  private BulkImporter(Builder<C> builder) {
    this.target = builder.target;
    this.batchSize = builder.batchSize > 0 ? builder.batchSize : target.defaultBatchSize();
    this.concurrency = builder.concurrency > 0 ? builder.concurrency : target.defaultConcurrency();
    this.journal = builder.journal;
    this.listener = builder.listener;
    this.waitForProcessing =
        builder.waitForProcessing != null
            ? builder.waitForProcessing
            : target.waitsForProcessingByDefault();
    this.progressInterval = builder.progressInterval;
    this.expectedTotal = builder.expectedTotal;
    this.defaultRateLimitPause = builder.defaultRateLimitPause;
    this.maxRateLimitRounds = builder.maxRateLimitRounds;
    this.delivery =
        builder.delivery != null
            ? builder.delivery
            : target.deduplicatesById() || target.clientRetriesInDoubt()
                ? DeliveryMode.AT_LEAST_ONCE
                : DeliveryMode.AT_MOST_ONCE;
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
   * <p>Whatever is thrown inside the import, every call read ends in exactly one outcome before
   * this method returns or throws, and the journal is closed. After a failure inside the import (a
   * journal line that cannot be written, the importer's own handling of a batch failing, an {@code
   * Error} from the adapter or the listener) the import stops reading; the batches under way
   * finish; calls read but not sent end {@link OutcomeKind#FAILED}; the calls of the batch whose
   * handling failed end as their state warrants ({@link OutcomeKind#ACCEPTED} once accepted, {@link
   * OutcomeKind#IN_DOUBT} while a submission may have been processed, {@link OutcomeKind#FAILED}
   * before anything was sent). A {@code RuntimeException} of the adapter's {@code submit} only
   * settles its batch {@link OutcomeKind#IN_DOUBT}, and the import goes on.
   *
   * @param calls the calls, read lazily and once
   * @return the report; its counts add up to the number of calls read
   * @throws IllegalStateException if this importer is already running
   * @throws ImportJournalException if the journal cannot be opened or read (nothing was read;
   *     {@link ImportLeaseException} when another process holds a shared journal's import), or
   *     cannot be written (thrown after every call read has its outcome, with {@link
   *     ImportJournalException#report()}; a call whose submission could not be journaled was not
   *     sent and is {@link OutcomeKind#FAILED}); a journal failure is thrown rather than {@link
   *     ImportFailedException} when both apply
   * @throws ImportFailedException after another failure inside the import, carrying the report
   * @throws Error an error thrown inside the import, once every call has its outcome
   * @throws RuntimeException what {@code calls} threw, after every call read before it has its
   *     outcome (those not yet sent are {@link OutcomeKind#CANCELLED})
   */
  public ImportReport run(Iterator<? extends C> calls) {
    Objects.requireNonNull(calls, "calls == null");
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("this importer is already running");
    }
    try {
      ImportRun<C> run = new ImportRun<>(this);
      current = run;
      if (cancelRequested.get()) run.cancel(); // a cancel() made before run() still counts
      return run.execute(calls);
    } finally {
      current = null;
      cancelRequested.set(false);
      running.set(false);
    }
  }

  /**
   * Imports every call of {@code calls}; see {@link #run(Iterator)}. The stream is closed at the
   * end.
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
   * further call is read, every wait of the import ends at once (waiting for a worker, a
   * client-side pacing wait, a rate-limit pause, a backoff before resending, a wait for processing,
   * a recording check) and every HTTP call under way is cancelled with {@code Call.cancel()}; no
   * thread is interrupted. Each call read still gets its truthful outcome: {@link
   * OutcomeKind#CANCELLED} when no attempt can have been processed, {@link OutcomeKind#IN_DOUBT}
   * when one may have been (a request cut off after its body was sent), and accepted calls stay
   * accepted. Waits of an injected {@link Sleeper} other than {@link Sleeper#SYSTEM} end when the
   * sleeper returns. Interrupting the thread that runs the import cancels it too (its interrupt
   * flag is kept).
   */
  public void cancel() {
    cancelRequested.set(true);
    ImportRun<C> run = current;
    if (run != null) run.cancel();
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
    private @Nullable ImportJournal journal;
    private ImportListener listener = ImportListener.NONE;
    private @Nullable Boolean waitForProcessing;
    private Duration progressInterval = Duration.ofSeconds(1);
    private OptionalLong expectedTotal = OptionalLong.empty();
    private Duration defaultRateLimitPause = Duration.ofSeconds(30);
    private int maxRateLimitRounds = 20;
    private @Nullable DeliveryMode delivery;
    private Duration retryBudget = Duration.ofMinutes(30);
    private Duration initialRetryBackoff = Duration.ofSeconds(1);
    private Duration maxRetryBackoff = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private @Nullable PreflightOptions preflight;

    Builder(ImportTarget<C> target) {
      this.target = Objects.requireNonNull(target, "target == null");
    }

    /**
     * Sets the preferred number of calls per batch. Default: the API's choice; for the Upload API
     * the size that lets the calls-per-hour limit bind (100 at the documented limits), for the
     * Partner API its maximum of 50.
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
     * Upload API its in-flight limit ({@link
     * dev.callingest.upload.UploadPacing#maxBatchesInFlight()}, 10 by default, at most 16), for the
     * Partner API 2.
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
     * Keeps a journal in {@code file} (created if missing), so that a rerun over the same input
     * skips what was accepted and sends the rest; {@code journal(ImportJournal.file(file))}. One
     * process at a time.
     *
     * @param file the journal file
     * @return this builder
     */
    public Builder<C> journal(Path file) {
      this.journal = ImportJournal.file(Objects.requireNonNull(file, "file == null"));
      return this;
    }

    /**
     * Keeps the import's journal in {@code journal}, such as a {@link JdbcImportJournal} that
     * several replicas share: a rerun, here or in another process, skips what was accepted and
     * sends the rest. Replaces any journal set before.
     *
     * @param journal the journal
     * @return this builder
     */
    public Builder<C> journal(ImportJournal journal) {
      this.journal = Objects.requireNonNull(journal, "journal == null");
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
     * dev.callingest.upload.UploadPacing#inFlightExpiry()}), false otherwise. A waiting batch keeps
     * its submission slot, which is why the Upload default concurrency is the in-flight limit.
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
      this.progressInterval = DurationLimits.positiveWait(interval, "progressInterval");
      return this;
    }

    /**
     * Sets how many calls the input holds, when known, so that progress can estimate the time left.
     *
     * @param total zero or more
     * @return this builder
     */
    public Builder<C> expectedTotal(long total) {
      if (total < 0)
        throw new IllegalArgumentException("expectedTotal must not be negative: " + total);
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
      this.defaultRateLimitPause = DurationLimits.positiveWait(pause, "defaultRateLimitPause");
      return this;
    }

    /**
     * Sets how many times one batch may be paused for rate limiting before its calls fail. Default
     * 20.
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
     * de-duplicate by id (the Upload API); see {@link DeliveryMode}. Default: what the client's
     * {@code ClientOptions.retryInDoubtRequests} says, {@link DeliveryMode#AT_LEAST_ONCE} when it
     * is on (its default) and {@link DeliveryMode#AT_MOST_ONCE} when it is off, so that a client
     * told never to resend in doubt never does through its importer either. For an API that
     * de-duplicates, calls are always sent again (a resend cannot duplicate a call) and the mode
     * changes nothing.
     *
     * @param mode the delivery mode
     * @return this builder
     * @throws IllegalArgumentException if {@code mode} is {@link DeliveryMode#AT_LEAST_ONCE} while
     *     the client's {@code ClientOptions.retryInDoubtRequests} is false, for an API that does
     *     not de-duplicate: the two settings contradict each other
     */
    public Builder<C> delivery(DeliveryMode mode) {
      Objects.requireNonNull(mode, "mode == null");
      if (mode == DeliveryMode.AT_LEAST_ONCE
          && !target.deduplicatesById()
          && !target.clientRetriesInDoubt()) {
        throw new IllegalArgumentException(
            "delivery(AT_LEAST_ONCE) contradicts the client's ClientOptions.retryInDoubtRequests(false):"
                + " at-least-once delivery sends a batch again after an attempt that may have been"
                + " processed, which the client was told never to do; turn retryInDoubtRequests on"
                + " or keep the default delivery (AT_MOST_ONCE for this client)");
      }
      this.delivery = mode;
      return this;
    }

    /**
     * Sets how long the importer keeps sending one batch again after transient failures (5xx,
     * timeouts, dropped connections, unreadable answers), on top of the client's own retries of
     * each submission. When it runs out, the batch's calls end {@link OutcomeKind#FAILED}, or
     * {@link OutcomeKind#IN_DOUBT} if an attempt may have been processed. Default 30 minutes; zero
     * sends each batch once (with the client's retries).
     *
     * @param budget zero or more
     * @return this builder
     */
    public Builder<C> retryBudget(Duration budget) {
      this.retryBudget = DurationLimits.nonNegativeWait(budget, "retryBudget");
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
      DurationLimits.positiveWait(initial, "retryBackoff initial");
      DurationLimits.positiveWait(max, "retryBackoff max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "retryBackoff needs 0 < initial <= max: " + initial + ", " + max);
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
     * Sets what waits during rate-limit pauses and backoffs. Default: the API client's sleeper. A
     * cancel ends the waits of {@link Sleeper#SYSTEM} at once; another sleeper's wait ends when it
     * returns.
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
