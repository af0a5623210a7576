package dev.callingest.upload;

import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientOptions;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestOptions;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.internal.ApiRequest;
import dev.callingest.internal.AttemptPacing;
import dev.callingest.internal.CancelSignal;
import dev.callingest.internal.CancellableFuture;
import dev.callingest.internal.HttpTransport;
import dev.callingest.internal.JsonBytesWriter;
import dev.callingest.internal.RawResponse;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingPreflight;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The Upload API client: submit batches of call recordings, poll their status, wait for them to
 * finish and resubmit the calls that failed. Thread-safe; create one per application and close it
 * when done.
 *
 * <pre>{@code
 * try (UploadClient client = UploadClient.create(System.getenv("UPLOAD_API_KEY"))) {
 *   SubmissionReceipt receipt = client.submit(batch);
 *   BatchStatus done = client.awaitCompletion(receipt.batchId());
 *   if (done.status() != BatchState.COMPLETED) client.resubmitFailed(batch, done);
 * }
 * }</pre>
 *
 * <p>Every batch is validated before it is sent ({@link #validate(UploadBatch)}), and submissions
 * are paced within the API's limits ({@link UploadPacing}). Retries, timeouts and {@code
 * Retry-After} follow {@link ClientOptions}. The API does not say whether it de-duplicates a
 * resubmitted {@code external_id}: a submission retried after a failure in doubt may create a
 * second batch (see {@link ClientOptions.Builder#retryInDoubtRequests(boolean)}); when that
 * happened, the receipt says so ({@link SubmissionReceipt#possibleDuplicate()}), and a failure says
 * whether any attempt may have been processed ({@link CallingestException#possiblyProcessed()}).
 */
public final class UploadClient implements AutoCloseable {
  /** The production base URL of the Upload API. */
  public static final String PRODUCTION_BASE_URL = "https://api.aila.com";

  private static final String[] BATCHES = {"v1", "calls", "batch-upload"};
  private static final UploadErrorDecoder ERRORS = new UploadErrorDecoder();

  private final ClientOptions options;
  private final UploadPacing pacing;
  private final HttpTransport transport;
  private final Pacer pacer;
  private final DoubleSupplier random;
  private @Nullable RecordingPreflight recordingPreflight;

  UploadClient(ClientOptions options, UploadPacing pacing, DoubleSupplier random) {
    Objects.requireNonNull(options, "options == null");
    Objects.requireNonNull(pacing, "pacing == null");
    if (!(options.credentials() instanceof UploadCredentials)) {
      throw new IllegalArgumentException("the Upload API needs UploadCredentials");
    }
    this.options = options;
    this.pacing = pacing;
    this.random = random;
    this.transport = new HttpTransport(options, ERRORS);
    this.pacer = new Pacer(pacing, options.clock(), options.sleeper(), options.eventListener());
  }

  /**
   * Creates a client for the production API ({@value #PRODUCTION_BASE_URL}) with the default
   * options and the documented pacing limits.
   *
   * @param apiKey the API key
   * @return the client
   */
  public static UploadClient create(String apiKey) {
    return create(
        ClientOptions.builder()
            .baseUrl(PRODUCTION_BASE_URL)
            .credentials(UploadCredentials.of(apiKey))
            .build());
  }

  /**
   * Creates a client with the documented pacing limits; the same as {@code
   * builder().options(options).build()}.
   *
   * @param options where and as whom to connect; the credentials must be {@link UploadCredentials}
   * @return the client
   * @throws IllegalArgumentException if the credentials are of another API
   */
  public static UploadClient create(ClientOptions options) {
    return builder().options(options).build();
  }

  /**
   * Returns a builder, for settings beyond {@link ClientOptions} (pacing).
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The options this client was created with.
   *
   * @return the options
   */
  public ClientOptions options() {
    return options;
  }

  /**
   * The pacing this client applies.
   *
   * @return the pacing
   */
  public UploadPacing pacing() {
    return pacing;
  }

  /**
   * Checks a batch against the documented rules without sending it: 1 to 100 calls; external id,
   * audio URL and user email not blank (Unicode white space counts as blank); audio URL {@code
   * http}, {@code https} or {@code s3} with a real host or bucket and a port of 0 to 65535; emails
   * as the server's email check accepts them; a call date with a year 0001 to 9999; positive
   * duration; external ids unique within the batch; metadata values that are strings, finite
   * numbers or booleans. {@code docs/upload-api.md} lists the rules in full.
   *
   * @param batch the batch
   * @return every broken rule, in the order of the request's fields, with paths such as {@code
   *     calls[3].user_email}; empty when the batch is valid
   */
  public List<Violation> validate(UploadBatch batch) {
    Objects.requireNonNull(batch, "batch == null");
    return UploadValidator.violations(batch);
  }

  /**
   * Checks a batch as {@link #validate(UploadBatch)} does and throws when a rule is broken; {@link
   * #submit(UploadBatch)} runs this before sending.
   *
   * @param batch the batch
   * @throws ValidationException listing every violation
   */
  public void checkValid(UploadBatch batch) {
    List<Violation> violations = validate(batch);
    if (!violations.isEmpty()) throw new ValidationException("upload batch", violations);
  }

  /**
   * Validates and submits a batch, waiting for pacing if needed.
   *
   * @param batch 1 to 100 calls
   * @return the receipt with the batch id to poll
   * @throws ValidationException if the batch breaks a documented rule; nothing was sent
   * @throws RateLimitedException if pacing would wait longer than {@link UploadPacing#maxWait()},
   *     or the server kept answering 429
   * @throws dev.callingest.ServerValidationException if the server refused the calls ({@code
   *     VALIDATION_ERROR}); its violations have paths {@code calls[i]}
   * @throws CallingestException for every other failure
   */
  public SubmissionReceipt submit(UploadBatch batch) {
    return submit(batch, RequestOptions.NONE);
  }

  /**
   * Validates and submits a batch with per-request overrides; see {@link #submit(UploadBatch)}.
   *
   * @param batch 1 to 100 calls
   * @param requestOptions overrides of timeouts, retries and the idempotency key
   * @return the receipt with the batch id to poll
   */
  public SubmissionReceipt submit(UploadBatch batch, RequestOptions requestOptions) {
    Objects.requireNonNull(batch, "batch == null");
    Objects.requireNonNull(requestOptions, "requestOptions == null");
    checkValid(batch);
    return submitValidated(batch, requestOptions);
  }

  /**
   * Submits a batch whose calls were already validated: the bulk importer checks each call as it
   * reads it and builds batches within the count and id rules, so checking again here would only
   * double the cost of every imported call.
   */
  SubmissionReceipt submitValidated(UploadBatch batch, RequestOptions requestOptions) {
    return submitValidated(batch, requestOptions, CancelSignal.NEVER);
  }

  /**
   * Like {@link #submitValidated(UploadBatch, RequestOptions)}, giving up when {@code cancel} is
   * raised: a pacing wait or a backoff ends at once, a call on the wire is cancelled, and the
   * submission throws {@link dev.callingest.CancelledException} (possibly processed when the cut
   * attempt's body had been sent).
   */
  SubmissionReceipt submitValidated(
      UploadBatch batch, RequestOptions requestOptions, CancelSignal cancel) {
    Instant started = options.clock().instant();
    JsonBytesWriter body = UploadBatchWriter.write(batch);
    @Nullable Instant deadline =
        requestOptions.deadline().or(options::deadline).map(started::plus).orElse(null);
    SlidingWindowPacer.Ticket ticket = pacer.acquire(batch.calls().size(), deadline, cancel);
    SubmissionReceipt receipt;
    try {
      // The ticket paces every attempt: the transport reports each and asks before each retry.
      receipt =
          transport.execute(
              ApiRequest.submit(body, BATCHES),
              UploadClient::receipt,
              requestOptions,
              started,
              ticket,
              cancel);
    } catch (CallingestException e) {
      pacer.failed(ticket, e);
      throw e;
    } catch (RuntimeException | Error e) {
      pacer.ended(ticket, SlidingWindowPacer.Outcome.UNKNOWN);
      throw e;
    }
    pacer.accepted(ticket, receipt.batchId());
    if (receipt.status().isTerminal()) pacer.finished(receipt.batchId());
    return receipt;
  }

  /**
   * Submits a batch asynchronously with the client's options. See {@link #submitAsync(UploadBatch,
   * RequestOptions)}.
   *
   * @param batch 1 to 100 calls
   * @return the receipt, when it arrives; cancelling the future cancels the submission
   */
  public CompletableFuture<SubmissionReceipt> submitAsync(UploadBatch batch) {
    return submitAsync(batch, RequestOptions.NONE);
  }

  /**
   * Submits a batch asynchronously, as {@link #submit(UploadBatch, RequestOptions)} does, holding
   * no thread while it waits. The batch is validated and serialized before this method returns, on
   * the calling thread, as the Partner client does; a {@link ValidationException} is delivered as a
   * failed future, like every other failure. A pacing wait is a timer task that tries again when a
   * slot frees or the window has room (a {@link #statusAsync} poll that sees the batch finished
   * frees its slot at once); each attempt goes through OkHttp's dispatcher; a backoff is a timer
   * task. The future is completed on the {@linkplain
   * ClientOptions.Builder#asyncExecutor(java.util.concurrent.Executor) async executor}.
   *
   * <p>{@link CompletableFuture#cancel(boolean) cancel} on the returned future (either argument)
   * cancels the submission: a pacing wait or a backoff ends, the HTTP call in flight is cancelled
   * ({@code Call.cancel()}), and its pacing slot is freed, or held for {@link
   * UploadPacing#unknownOutcomeHold()} when the cut attempt's body had been fully sent, since the
   * server may have taken that batch. The future completes with a {@link
   * java.util.concurrent.CancellationException}; a batch sent before the cancel may still exist.
   *
   * @param batch 1 to 100 calls
   * @param requestOptions per-request overrides
   * @return the receipt, when it arrives; it fails with the exceptions {@link #submit(UploadBatch,
   *     RequestOptions)} throws
   * @throws NullPointerException if an argument is null
   */
  public CompletableFuture<SubmissionReceipt> submitAsync(
      UploadBatch batch, RequestOptions requestOptions) {
    Objects.requireNonNull(batch, "batch == null");
    Objects.requireNonNull(requestOptions, "requestOptions == null");
    try {
      checkValid(batch);
    } catch (ValidationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Instant started = options.clock().instant();
    JsonBytesWriter body = UploadBatchWriter.write(batch);
    return transport.executePacedAsync(
        pacer.shared(),
        batch.calls().size(),
        ApiRequest.submit(body, BATCHES),
        UploadClient::receipt,
        requestOptions,
        started,
        this::settle);
  }

  /**
   * Releases an async submission's ticket as the sync path does; returns the failure to deliver.
   */
  private @Nullable Throwable settle(
      SlidingWindowPacer.Ticket ticket,
      @Nullable SubmissionReceipt receipt,
      @Nullable Throwable failure) {
    if (failure == null && receipt != null) {
      pacer.accepted(ticket, receipt.batchId());
      if (receipt.status().isTerminal()) pacer.finished(receipt.batchId());
    } else if (failure instanceof CallingestException) {
      pacer.failed(ticket, (CallingestException) failure);
    } else {
      pacer.ended(ticket, SlidingWindowPacer.Outcome.UNKNOWN);
    }
    return failure;
  }

  /**
   * Reads a batch's status. A terminal status frees the batch's in-flight slot in pacing.
   *
   * @param batchId the id from {@link SubmissionReceipt#batchId()}
   * @return the status
   * @throws dev.callingest.NotFoundException if the API does not know the batch
   * @throws CallingestException for every other failure
   */
  public BatchStatus status(String batchId) {
    return status(batchId, RequestOptions.NONE);
  }

  /**
   * Reads a batch's status with per-request overrides; see {@link #status(String)}.
   *
   * @param batchId the batch id
   * @param requestOptions per-request overrides
   * @return the status
   */
  public BatchStatus status(String batchId, RequestOptions requestOptions) {
    return status(batchId, requestOptions, CancelSignal.NEVER);
  }

  /** Like {@link #status(String, RequestOptions)}, stopping when {@code cancel} is raised. */
  BatchStatus status(String batchId, RequestOptions requestOptions, CancelSignal cancel) {
    BatchStatus status =
        transport.execute(
            statusRequest(batchId),
            UploadClient::status,
            requestOptions,
            options.clock().instant(),
            AttemptPacing.NONE,
            cancel);
    if (status.isTerminal()) pacer.finished(batchId);
    return status;
  }

  /**
   * Reads a batch's status asynchronously; see {@link #statusAsync(String, RequestOptions)}.
   *
   * @param batchId the batch id
   * @return the status, or the exception {@code status} would throw
   */
  public CompletableFuture<BatchStatus> statusAsync(String batchId) {
    return statusAsync(batchId, RequestOptions.NONE);
  }

  /**
   * Reads a batch's status asynchronously with per-request overrides, as {@link #status(String,
   * RequestOptions)} does. Polls are never paced, so they never queue behind submissions waiting
   * for pacing; a terminal status frees the batch's in-flight slot at once, which lets a waiting
   * {@link #submitAsync} go. No thread is held while the request is on the wire or waits to be
   * retried; cancelling the future cancels the HTTP call.
   *
   * @param batchId the batch id
   * @param requestOptions per-request overrides
   * @return the status, or the exception {@code status} would throw
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code batchId} is blank
   */
  public CompletableFuture<BatchStatus> statusAsync(String batchId, RequestOptions requestOptions) {
    Objects.requireNonNull(requestOptions, "requestOptions == null");
    return transport.executeAsync(
        statusRequest(batchId),
        raw -> {
          BatchStatus status = status(raw);
          if (status.isTerminal()) pacer.finished(batchId);
          return status;
        },
        requestOptions);
  }

  /**
   * Polls a batch with {@link WaitOptions#DEFAULT} until it is completed, partial or failed.
   *
   * @param batchId the batch id
   * @return the terminal status
   * @throws BatchWaitTimeoutException if 30 minutes pass first
   */
  public BatchStatus awaitCompletion(String batchId) {
    return awaitCompletion(batchId, WaitOptions.DEFAULT);
  }

  /**
   * Polls a batch until it is completed, partial or failed, and returns that status; check {@link
   * BatchStatus#status()} and {@link BatchStatus#failedCalls()}. The first poll comes after {@link
   * WaitOptions#initialInterval()}; intervals grow to {@link WaitOptions#maxInterval()} with
   * jitter; a server {@code Retry-After} on a refused poll (HTTP 429) is honoured; the progress
   * listener sees every status. A state unknown to this SDK is not terminal: polling goes on.
   *
   * @param batchId the batch id
   * @param waitOptions intervals, timeout and progress listener
   * @return the terminal status
   * @throws BatchWaitTimeoutException if the next sleep would end after {@link
   *     WaitOptions#timeout()}; it carries the last status
   * @throws CallingestException if the thread is interrupted (the interrupt flag is set again), or
   *     a poll fails
   */
  public BatchStatus awaitCompletion(String batchId, WaitOptions waitOptions) {
    return awaitCompletion(batchId, waitOptions, CancelSignal.NEVER);
  }

  /**
   * Like {@link #awaitCompletion(String, WaitOptions)}, ending the wait at once when {@code cancel}
   * is raised, with a {@link dev.callingest.CancelledException}: the bulk importer's processing
   * wait.
   */
  BatchStatus awaitCompletion(String batchId, WaitOptions waitOptions, CancelSignal cancel) {
    Objects.requireNonNull(waitOptions, "waitOptions == null");
    statusRequest(batchId); // checks the id before the first sleep
    return new BatchWaiter(
            options.clock(),
            options.sleeper(),
            random,
            id -> status(id, RequestOptions.NONE, cancel),
            cancel)
        .await(batchId, waitOptions);
  }

  /**
   * Polls a batch asynchronously, as {@link #awaitCompletion(String, WaitOptions)} does (the same
   * intervals, {@code Retry-After}, timeout and progress listener), holding no thread between
   * polls: each wait is a task on the client's timer thread and each poll a {@link #statusAsync}
   * call. The progress listener and the future's completion run on the async executor. Cancelling
   * the future ends the wait at once and cancels a poll in flight.
   *
   * @param batchId the batch id
   * @param waitOptions intervals, timeout and progress listener
   * @return the terminal status; it fails with the exceptions {@code awaitCompletion} throws
   *     ({@link BatchWaitTimeoutException} carrying the last status, or a poll's failure)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code batchId} is blank
   */
  public CompletableFuture<BatchStatus> awaitCompletionAsync(
      String batchId, WaitOptions waitOptions) {
    Objects.requireNonNull(waitOptions, "waitOptions == null");
    statusRequest(batchId); // checks the id before the first wait
    CancelSignal cancel = CancelSignal.create();
    CancellableFuture<BatchStatus> result = new CancellableFuture<>(cancel);
    BatchWaiter.awaitAsync(
            options.clock(),
            random,
            waitOptions,
            delay ->
                transport.delay(
                    delay,
                    cancel,
                    () ->
                        new CancelledException(
                            "cancelled while waiting for batch " + batchId, 0, null)),
            id -> {
              CompletableFuture<BatchStatus> poll = statusAsync(id);
              CancelSignal.Registration stop = cancel.onCancel(() -> poll.cancel(true));
              return poll.whenComplete((status, failure) -> stop.close());
            },
            batchId)
        .whenComplete(
            (status, failure) -> {
              if (failure == null) {
                result.complete(status);
              } else {
                result.completeExceptionally(failure);
              }
            });
    return result;
  }

  /**
   * Submits a new batch of exactly the calls of {@code originalBatch} that {@code finalStatus}
   * lists as failed, in their original order. A batch whose state is {@code failed} with no call
   * entries is resubmitted whole.
   *
   * @param originalBatch the batch that was submitted
   * @param finalStatus its status, normally from {@link #awaitCompletion(String)}
   * @return the new batch's receipt, or empty when no call failed
   * @throws IllegalArgumentException if a failed external id is not in {@code originalBatch}
   */
  public Optional<SubmissionReceipt> resubmitFailed(
      UploadBatch originalBatch, BatchStatus finalStatus) {
    Objects.requireNonNull(originalBatch, "originalBatch == null");
    Objects.requireNonNull(finalStatus, "finalStatus == null");
    Set<String> failed = new LinkedHashSet<>();
    for (CallStatus call : finalStatus.failedCalls()) failed.add(call.externalId());
    if (failed.isEmpty()) {
      if (finalStatus.status() != BatchState.FAILED || !finalStatus.calls().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(submit(originalBatch));
    }
    UploadBatch retry = originalBatch.retainOnly(failed);
    if (retry.calls().size() != failed.size()) {
      Set<String> missing = new LinkedHashSet<>(failed);
      for (UploadCall call : retry.calls()) missing.remove(call.externalId());
      throw new IllegalArgumentException(
          "batch "
              + finalStatus.batchId()
              + " lists failed calls that are not in the original batch: "
              + missing);
    }
    return Optional.of(submit(retry));
  }

  /** Releases the connections and threads this client created; an executor you gave stays open. */
  @Override
  public void close() {
    synchronized (this) {
      if (recordingPreflight != null) recordingPreflight.close();
    }
    transport.close();
  }

  /**
   * Starts configuring a bulk import through this client: any number of calls, read lazily, cut
   * into batches of at most 100, paced by this client's {@link UploadPacing}, each call settled in
   * exactly one outcome. See {@link BulkImporter}.
   *
   * <p>The defaults are the setup for large imports: the importer {@linkplain
   * BulkImporter.Builder#waitForProcessing(boolean) waits for processing} (the API counts a batch
   * against its concurrent batches until it is finished, and only a client that polls sees that;
   * otherwise each batch holds its slot for {@link UploadPacing#inFlightExpiry()}), runs {@link
   * UploadPacing#maxBatchesInFlight()} batches at once (at most 16) and sends batches of the size
   * that lets the calls-per-hour limit bind (100 at the documented limits).
   *
   * @return a builder with this client's clock and sleeper
   */
  public BulkImporter.Builder<UploadCall> importer() {
    return importer(WaitOptions.DEFAULT);
  }

  /**
   * Like {@link #importer()}, with the options used to wait for batches when the importer is told
   * to {@linkplain BulkImporter.Builder#waitForProcessing(boolean) wait for processing}.
   *
   * @param waitOptions how to wait for each batch
   * @return a builder with this client's clock and sleeper
   */
  public BulkImporter.Builder<UploadCall> importer(WaitOptions waitOptions) {
    Objects.requireNonNull(waitOptions, "waitOptions == null");
    return BulkImporter.builder(new UploadImportTarget(this, waitOptions))
        .clock(options.clock())
        .sleeper(options.sleeper());
  }

  /**
   * Checks, before sending, that the API will be able to fetch the call's recording: reachable
   * without credentials, within the size limit, in a documented format, and for a presigned URL not
   * expiring within {@link PreflightOptions#processingAllowance()}. Nothing is sent to the Upload
   * API. An {@code s3://} URL is not checked. See {@link RecordingPreflight}; to check with other
   * settings, use {@code RecordingPreflight.forUploadApi(options)}.
   *
   * @param call the call whose recording to check
   * @return the verdict, whose reason never contains the URL's query
   */
  public PreflightResult preflight(UploadCall call) {
    Objects.requireNonNull(call, "call == null");
    return recordingPreflight().check(call.audioUrl());
  }

  private synchronized RecordingPreflight recordingPreflight() {
    if (recordingPreflight == null) {
      recordingPreflight =
          recordingPreflight(PreflightOptions.builder().clock(options.clock()).build());
    }
    return recordingPreflight;
  }

  /**
   * A preflight on this client's HTTP stack (its pool, dispatcher, proxy, TLS and interceptors)
   * with {@code preflightOptions}' timeouts; closing it leaves the client's connections open.
   */
  RecordingPreflight recordingPreflight(PreflightOptions preflightOptions) {
    return RecordingPreflight.forUploadApi(preflightOptions, transport.client());
  }

  Pacer pacer() {
    return pacer;
  }

  private static ApiRequest statusRequest(String batchId) {
    Objects.requireNonNull(batchId, "batchId == null");
    if (batchId.isBlank()) throw new IllegalArgumentException("batchId is blank");
    return ApiRequest.get(BATCHES[0], BATCHES[1], BATCHES[2], batchId);
  }

  private static SubmissionReceipt receipt(RawResponse raw) throws IOException {
    if (UploadErrorDecoder.isFailure(raw)) throw ERRORS.decode(raw, null);
    return UploadReader.receipt(raw.body())
        .possibleDuplicate(raw.earlierAttemptPossiblyProcessed())
        .requestId(Optional.ofNullable(raw.requestId()))
        .attempts(raw.attempts())
        .httpResponse(raw.httpResponseInfo())
        .build();
  }

  private static BatchStatus status(RawResponse raw) throws IOException {
    if (UploadErrorDecoder.isFailure(raw)) throw ERRORS.decode(raw, null);
    return UploadReader.status(raw.body())
        .requestId(Optional.ofNullable(raw.requestId()))
        .attempts(raw.attempts())
        .httpResponse(raw.httpResponseInfo())
        .build();
  }

  /** Builds an {@link UploadClient}. Not thread-safe. */
  public static final class Builder {
    private @Nullable ClientOptions options;
    private UploadPacing pacing = UploadPacing.DEFAULT;

    Builder() {}

    /**
     * Sets where and as whom to connect. Required.
     *
     * @param options the options; their credentials must be {@link UploadCredentials}
     * @return this builder
     * @throws IllegalArgumentException if the credentials are of another API
     */
    public Builder options(ClientOptions options) {
      Objects.requireNonNull(options, "options == null");
      if (!(options.credentials() instanceof UploadCredentials)) {
        throw new IllegalArgumentException(
            "UploadClient needs UploadCredentials (the API key), not "
                + options.credentials().getClass().getName());
      }
      this.options = options;
      return this;
    }

    /**
     * Sets client-side pacing of submissions. Default {@link UploadPacing#DEFAULT}, the documented
     * limits; {@link UploadPacing#DISABLED} turns it off.
     *
     * @param pacing the pacing
     * @return this builder
     */
    public Builder pacing(UploadPacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if the options are missing
     */
    public UploadClient build() {
      if (options == null) throw new IllegalStateException("options are required");
      return new UploadClient(options, pacing, () -> ThreadLocalRandom.current().nextDouble());
    }
  }
}
