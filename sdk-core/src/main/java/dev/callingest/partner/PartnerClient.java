package dev.callingest.partner;

import dev.callingest.CallingestException;
import dev.callingest.ClientOptions;
import dev.callingest.RequestOptions;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.internal.ApiRequest;
import dev.callingest.internal.CancelSignal;
import dev.callingest.internal.ErrorMapping;
import dev.callingest.internal.HttpTransport;
import dev.callingest.internal.JsonBytesWriter;
import dev.callingest.internal.RawResponse;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingPreflight;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A client of the Partner API (batch call ingestion): submits batches of 1 to {@value
 * IngestBatch#MAX_ITEMS} calls, each with its agent and customer. The API answers only that it
 * accepted a batch; each call's analysis is posted later to the item's callback URL (see the {@code
 * sdk-callback-receiver} module).
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .baseUrl(PartnerClient.PRODUCTION_BASE_URL)
 *     .credentials(PartnerCredentials.of(key, secret, "tenant-7", "branch-3"))
 *     .build();
 * try (PartnerClient client = PartnerClient.builder().options(options).build()) {
 *   BatchAcknowledgement ack = client.submit(IngestBatch.of(item));
 * }
 * }</pre>
 *
 * <h2>Retries are safe</h2>
 *
 * The API is idempotent by call id: a call id it has already received is not processed again. So
 * when a submission times out or its connection drops after the request was sent, the client sends
 * the whole batch again, the very same bytes with the same {@code Idempotency-Key}, and no call is
 * analysed twice. Retries, waits and the deadline follow {@link ClientOptions}; a 429 is retried
 * after the number of seconds its message names ("Try again in 60 seconds") when no {@code
 * Retry-After} header is given.
 *
 * <p>Thread-safe; share one client and {@link #close()} it when done.
 */
public final class PartnerClient implements AutoCloseable {
  /** The base URL of the production API; it carries the {@code /api/v1} prefix. */
  public static final String PRODUCTION_BASE_URL = "https://api.zipteams.com/api/v1";

  private static final String[] SUBMIT_PATH = {"partner", "ingest", "batch-call"};
  private static final Pattern ITEM_INDEX = Pattern.compile("^data\\[(\\d{1,9})\\]");

  private final HttpTransport transport;
  private final PartnerValidator validator;
  private final PartnerPacing pacing;
  private final PartnerPacer pacer;
  private @Nullable RecordingPreflight recordingPreflight;

  private PartnerClient(Builder builder) {
    ClientOptions options =
        Objects.requireNonNull(builder.options, "options"); // checked by build()
    this.pacing = builder.pacing;
    this.validator = new PartnerValidator(builder.allowLoopbackHttpCallbacks);
    this.transport = new HttpTransport(options, new PartnerErrorDecoder());
    this.pacer = new PartnerPacer(builder.pacing, options);
  }

  /**
   * The pacing this client applies.
   *
   * @return the pacing
   */
  public PartnerPacing pacing() {
    return pacing;
  }

  /**
   * Creates a client for the production API ({@value #PRODUCTION_BASE_URL}) with the default
   * settings.
   *
   * @param credentials the API key, API secret, tenant id and sub-tenant id
   * @return the client
   */
  public static PartnerClient create(PartnerCredentials credentials) {
    return create(
        ClientOptions.builder().baseUrl(PRODUCTION_BASE_URL).credentials(credentials).build());
  }

  /**
   * Creates a client with the default settings.
   *
   * @param options where and as whom to connect; the credentials must be {@link PartnerCredentials}
   * @return the client
   * @throws IllegalArgumentException if the credentials are not {@link PartnerCredentials}
   */
  public static PartnerClient create(ClientOptions options) {
    return builder().options(options).build();
  }

  /**
   * Returns a builder, for settings beyond {@link ClientOptions}.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the options this client was created with} */
  public ClientOptions options() {
    return transport.options();
  }

  /**
   * Checks a batch against the documented rules without sending it: 1 to 50 items, required fields,
   * URL schemes, times, E.164 numbers, emails, name lengths, metadata and custom field counts,
   * unique call ids and the 5 MB size of the serialized request.
   *
   * @param batch the batch
   * @return every broken rule, in the order of the request's fields; empty when the batch is valid
   */
  public List<Violation> validate(IngestBatch batch) {
    Objects.requireNonNull(batch, "batch == null");
    return validator.validate(batch, PartnerBatchWriter.write(batch).size());
  }

  /**
   * Checks a batch as {@link #validate(IngestBatch)} does and throws when a rule is broken; {@link
   * #submit(IngestBatch)} runs this before sending.
   *
   * @param batch the batch
   * @throws ValidationException listing every violation
   */
  public void checkValid(IngestBatch batch) {
    prepare(batch);
  }

  /**
   * Submits a batch with the client's options. See {@link #submit(IngestBatch, RequestOptions)}.
   *
   * @param batch the calls to ingest
   * @return the acknowledgement, listing the call ids the batch carried
   */
  public BatchAcknowledgement submit(IngestBatch batch) {
    return submit(batch, RequestOptions.NONE);
  }

  /**
   * Submits a batch for analysis. It is validated first, then serialized once; those bytes are both
   * measured against the 5 MB limit and sent, on every attempt. Retrying is safe (see the class
   * documentation).
   *
   * @param batch the calls to ingest
   * @param requestOptions overrides for this submission
   * @return the acknowledgement, listing the call ids the batch carried
   * @throws ValidationException if the batch breaks a documented rule; nothing was sent
   * @throws dev.callingest.AuthenticationException if the key or secret is refused (HTTP 403)
   * @throws ServerValidationException if the server refuses the content (HTTP 422); its violations
   *     carry the server's field paths, such as {@code data[0].call.id}, and the items' call ids
   * @throws dev.callingest.RateLimitedException if HTTP 429 persisted through every permitted retry
   * @throws dev.callingest.ServerException if HTTP 5xx persisted through every permitted retry
   * @throws dev.callingest.ApiException for any other refusal, such as HTTP 400 for a missing
   *     tenant or sub-tenant id
   * @throws dev.callingest.ConnectionException if no answer arrived; retrying later is safe
   */
  public BatchAcknowledgement submit(IngestBatch batch, RequestOptions requestOptions) {
    JsonBytesWriter body = prepare(batch);
    Objects.requireNonNull(requestOptions, "requestOptions == null");
    return send(batch, body, requestOptions, CancelSignal.NEVER);
  }

  private BatchAcknowledgement send(
      IngestBatch batch, JsonBytesWriter body, RequestOptions requestOptions, CancelSignal cancel) {
    ClientOptions options = transport.options();
    Instant started = options.clock().instant();
    SlidingWindowPacer.Ticket ticket =
        pacer.acquire(
            requestOptions.deadline().or(options::deadline).map(started::plus).orElse(null),
            cancel);
    BatchAcknowledgement acknowledgement;
    try {
      // The ticket paces every attempt: the transport reports each and asks before each retry.
      acknowledgement =
          transport.execute(
              ApiRequest.submit(body, SUBMIT_PATH),
              raw -> acknowledge(raw, batch),
              requestOptions,
              started,
              ticket,
              cancel);
    } catch (CallingestException e) {
      pacer.failed(ticket, e);
      if (e instanceof ServerValidationException)
        throw withCallIds((ServerValidationException) e, batch);
      throw e;
    } catch (RuntimeException | Error e) {
      pacer.ended(ticket, SlidingWindowPacer.Outcome.UNKNOWN);
      throw e;
    }
    pacer.accepted(ticket);
    return acknowledgement;
  }

  /**
   * Submits a batch asynchronously with the client's options. See {@link #submitAsync(IngestBatch,
   * RequestOptions)}.
   *
   * @param batch the calls to ingest
   * @return the acknowledgement, when it arrives; cancelling the future cancels the submission
   */
  public CompletableFuture<BatchAcknowledgement> submitAsync(IngestBatch batch) {
    return submitAsync(batch, RequestOptions.NONE);
  }

  /**
   * Submits a batch asynchronously, as {@link #submit(IngestBatch, RequestOptions)} does, holding
   * no thread while it waits. The batch is validated and serialized before this method returns, on
   * the calling thread, as the Upload client does; a {@link ValidationException} is delivered as a
   * failed future, like every other failure. A pacing wait is a timer task that tries again when
   * the window has room; each attempt goes through OkHttp's dispatcher; a backoff is a timer task.
   * The future is completed on the {@linkplain
   * ClientOptions.Builder#asyncExecutor(java.util.concurrent.Executor) async executor}.
   *
   * <p>{@link CompletableFuture#cancel(boolean) cancel} on the returned future (either argument)
   * cancels the submission: a pacing wait or a backoff ends, the HTTP call in flight is cancelled
   * ({@code Call.cancel()}) and its pacing reservation is released. The future completes with a
   * {@link java.util.concurrent.CancellationException}; items sent before the cancel may still be
   * processed (resending them is safe: the API de-duplicates by call id).
   *
   * @param batch the calls to ingest
   * @param requestOptions overrides for this submission
   * @return the acknowledgement, when it arrives; it fails with the exceptions {@link
   *     #submit(IngestBatch, RequestOptions)} throws
   * @throws NullPointerException if an argument is null
   */
  public CompletableFuture<BatchAcknowledgement> submitAsync(
      IngestBatch batch, RequestOptions requestOptions) {
    Objects.requireNonNull(batch, "batch == null");
    Objects.requireNonNull(requestOptions, "requestOptions == null");
    JsonBytesWriter body;
    try {
      body = prepare(batch);
    } catch (ValidationException e) {
      return CompletableFuture.failedFuture(e);
    }
    Instant started = transport.options().clock().instant();
    return transport.executePacedAsync(
        pacer.shared(),
        1,
        ApiRequest.submit(body, SUBMIT_PATH),
        raw -> acknowledge(raw, batch),
        requestOptions,
        started,
        (ticket, acknowledgement, failure) -> settle(ticket, failure, batch));
  }

  /**
   * Releases an async submission's ticket as {@link #send} does; returns the failure to deliver.
   */
  private @Nullable Throwable settle(
      SlidingWindowPacer.Ticket ticket, @Nullable Throwable failure, IngestBatch batch) {
    if (failure == null) {
      pacer.accepted(ticket);
    } else if (failure instanceof CallingestException) {
      pacer.failed(ticket, (CallingestException) failure);
      if (failure instanceof ServerValidationException) {
        return withCallIds((ServerValidationException) failure, batch);
      }
    } else {
      pacer.ended(ticket, SlidingWindowPacer.Outcome.UNKNOWN);
    }
    return failure;
  }

  /**
   * Starts configuring a bulk import through this client: any number of items, read lazily, cut
   * into batches of at most 50 items and 5 MB, each item settled in exactly one outcome. See {@link
   * BulkImporter}. Resending items after a crash is safe: the API de-duplicates by call id.
   *
   * @return a builder with this client's clock and sleeper
   */
  public BulkImporter.Builder<IngestItem> importer() {
    ClientOptions options = transport.options();
    return BulkImporter.builder(new PartnerImportTarget(this, validator))
        .clock(options.clock())
        .sleeper(options.sleeper());
  }

  /**
   * Checks, before sending, that the API will be able to fetch the item's recording: reachable
   * without credentials, within the size limit, in a documented format, and for a presigned URL not
   * expiring within {@link PreflightOptions#processingAllowance()}. Nothing is sent to the Partner
   * API. An {@code s3://} URL is not checked. See {@link RecordingPreflight}; to check with other
   * settings, use {@code RecordingPreflight.forPartnerApi(options)}.
   *
   * @param item the item whose recording to check
   * @return the verdict, whose reason never contains the URL's query
   */
  public PreflightResult preflight(IngestItem item) {
    Objects.requireNonNull(item, "item == null");
    return recordingPreflight().check(item.call().recordingUrl());
  }

  private synchronized RecordingPreflight recordingPreflight() {
    if (recordingPreflight == null) {
      recordingPreflight =
          recordingPreflight(PreflightOptions.builder().clock(transport.options().clock()).build());
    }
    return recordingPreflight;
  }

  /**
   * A preflight on this client's HTTP stack (its pool, dispatcher, proxy, TLS and interceptors)
   * with {@code preflightOptions}' timeouts; closing it leaves the client's connections open.
   */
  RecordingPreflight recordingPreflight(PreflightOptions preflightOptions) {
    return RecordingPreflight.forPartnerApi(preflightOptions, transport.client());
  }

  /** Releases the connection pool and threads the client created. */
  @Override
  public void close() {
    synchronized (this) {
      if (recordingPreflight != null) recordingPreflight.close();
    }
    transport.close();
  }

  @Override
  public String toString() {
    return "PartnerClient{" + transport.options() + '}';
  }

  /**
   * Submits items the bulk importer already validated one by one, in a batch it built within the
   * count and id rules: only the exact size of the serialized request is checked again.
   */
  BatchAcknowledgement submitValidated(IngestBatch batch, RequestOptions requestOptions) {
    return submitValidated(batch, requestOptions, CancelSignal.NEVER);
  }

  /**
   * Like {@link #submitValidated(IngestBatch, RequestOptions)}, giving up when {@code cancel} is
   * raised: a pacing wait or a backoff ends at once, a call on the wire is cancelled, and the
   * submission throws {@link dev.callingest.CancelledException} (possibly processed when the cut
   * attempt's body had been sent).
   */
  BatchAcknowledgement submitValidated(
      IngestBatch batch, RequestOptions requestOptions, CancelSignal cancel) {
    JsonBytesWriter body = PartnerBatchWriter.write(batch);
    if (body.size() > IngestBatch.MAX_REQUEST_BYTES)
      body = prepare(batch); // throws, naming the size
    return send(batch, body, requestOptions, cancel);
  }

  /** Validates and serializes {@code batch}; the returned bytes are what is sent. */
  private JsonBytesWriter prepare(IngestBatch batch) {
    Objects.requireNonNull(batch, "batch == null");
    JsonBytesWriter body = PartnerBatchWriter.write(batch);
    List<Violation> violations = validator.validate(batch, body.size());
    if (!violations.isEmpty()) throw new ValidationException("partner batch", violations);
    return body;
  }

  private static BatchAcknowledgement acknowledge(RawResponse raw, IngestBatch batch)
      throws IOException {
    if (raw.body().length > 0 && Boolean.FALSE.equals(PartnerReader.success(raw.body()))) {
      // A 2xx that says it failed: never report it as accepted.
      String message = PartnerJson.readError(raw.body()).message();
      throw ErrorMapping.exceptionFor(raw, null, message, null, List.of());
    }
    return BatchAcknowledgement.builder()
        .callIds(batch.callIds())
        .requestId(Optional.ofNullable(raw.requestId()))
        .attempts(raw.attempts())
        .httpResponse(raw.httpResponseInfo())
        .build();
  }

  /** The same exception with each violation's call id taken from the item its path names. */
  private static ServerValidationException withCallIds(
      ServerValidationException e, IngestBatch batch) {
    List<Violation> enriched = new ArrayList<>();
    boolean changed = false;
    for (Violation violation : e.violations()) {
      Matcher matcher = ITEM_INDEX.matcher(violation.path());
      int index = matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
      if (violation.recordId().isEmpty() && index >= 0 && index < batch.items().size()) {
        String callId = batch.items().get(index).call().id();
        enriched.add(
            Violation.of(
                violation.path(),
                violation.rule(),
                callId,
                violation.rejectedValue().orElse(null)));
        changed = true;
      } else {
        enriched.add(violation);
      }
    }
    if (!changed) return e;
    ServerValidationException result =
        new ServerValidationException(
            Objects.requireNonNull(e.getMessage()), // never null: the constructors require one
            e.errorResponse(),
            e.attempts(),
            e.possiblyProcessed(),
            enriched);
    result.setStackTrace(e.getStackTrace());
    return result;
  }

  /** Builds a {@link PartnerClient}. Not thread-safe. */
  public static final class Builder {
    private @Nullable ClientOptions options;
    private boolean allowLoopbackHttpCallbacks;
    private PartnerPacing pacing = PartnerPacing.DEFAULT;

    Builder() {}

    /**
     * Sets where and as whom to connect. Required.
     *
     * @param options the options; their credentials must be {@link PartnerCredentials}
     * @return this builder
     * @throws IllegalArgumentException if the credentials are not {@link PartnerCredentials}
     */
    public Builder options(ClientOptions options) {
      Objects.requireNonNull(options, "options == null");
      if (!(options.credentials() instanceof PartnerCredentials)) {
        throw new IllegalArgumentException(
            "PartnerClient needs PartnerCredentials (API key, API secret, tenant id and sub-tenant"
                + " id), not "
                + options.credentials().getClass().getName());
      }
      this.options = options;
      return this;
    }

    /**
     * Sets whether a callback URL may be plain {@code http} when its host is a loopback address
     * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}). The API requires {@code https}; turn
     * this on only for tests and the local emulator. Default false.
     *
     * @param allow whether to accept loopback http callback URLs
     * @return this builder
     */
    public Builder allowLoopbackHttpCallbacks(boolean allow) {
      this.allowLoopbackHttpCallbacks = allow;
      return this;
    }

    /**
     * Sets client-side pacing of submissions: at most a number of requests in any sliding window.
     * Default {@link PartnerPacing#DEFAULT} (off, since the API documents no limit).
     *
     * @param pacing the pacing
     * @return this builder
     */
    public Builder pacing(PartnerPacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if the options are missing
     */
    public PartnerClient build() {
      if (options == null) throw new IllegalStateException("options are required");
      return new PartnerClient(this);
    }
  }
}
