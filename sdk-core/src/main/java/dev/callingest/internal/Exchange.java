package dev.callingest.internal;

import com.squareup.moshi.JsonDataException;
import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientOptions;
import dev.callingest.ConnectionException;
import dev.callingest.MalformedResponseException;
import dev.callingest.OperationEvent;
import dev.callingest.OperationResult;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestEvent;
import dev.callingest.RequestInDoubtException;
import dev.callingest.RequestOptions;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * One logical operation of {@link HttpTransport}: what is fixed for all its attempts (URL, retry
 * budget, deadline, idempotency key), its attempt log, and the decision after each attempt. The
 * blocking loop and the asynchronous chain both drive an exchange, so they send the same attempts
 * and reach the same verdicts; they differ only in how they wait. Not thread-safe: one step at a
 * time, which both drivers guarantee (the asynchronous one hands each step to the next by
 * happens-before edges of its executor, timer and OkHttp's dispatcher).
 */
final class Exchange<T> {
  private static final System.Logger LOG = System.getLogger("dev.callingest.http");
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpTransport transport;
  private final ClientOptions options;
  private final ApiRequest request;
  private final ResponseParser<T> parser;
  private final RequestOptions overrides;
  private final AttemptPacing pacing;
  private final HttpUrl url;
  private final String path;
  private final int maxRetries;
  private final boolean retryInDoubt;
  private final @Nullable Instant deadline;
  private final @Nullable String idempotencyKey;
  private final AttemptLog log = new AttemptLog();

  private final OperationEvent operation;
  private int attempt;
  private @Nullable RawResponse lastAnswer;
  private @Nullable RequestEvent event;
  private @Nullable TrackingBody body;
  private long startedNanos;

  Exchange(
      HttpTransport transport,
      ApiRequest request,
      ResponseParser<T> parser,
      RequestOptions overrides,
      Instant startedAt,
      AttemptPacing pacing) {
    this.transport = transport;
    this.options = transport.options();
    this.request = request;
    this.parser = parser;
    this.overrides = overrides;
    this.pacing = pacing;
    this.url = transport.resolve(request);
    this.path = url.encodedPath();
    this.maxRetries = overrides.maxRetries().orElse(options.maxRetries());
    this.retryInDoubt = overrides.retryInDoubtRequests().orElse(options.retryInDoubtRequests());
    this.deadline =
        overrides
            .deadline()
            .or(options::deadline)
            .map(d -> Durations.plus(startedAt, d))
            .orElse(null);
    this.idempotencyKey =
        request.isSubmission()
            ? overrides.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString())
            : null;
    this.operation =
        OperationEvent.builder()
            .id(transport.nextOperationId())
            .method(request.method())
            .path(path)
            .build();
  }

  /** Tells the listener that the operation started: once, before its first attempt. */
  void operationStarted() {
    HttpTransport.notify(() -> options.eventListener().operationStarted(operation));
  }

  /**
   * Tells the listener that the operation ended, with what its last attempt got and the failure it
   * ended with, or null when it succeeded.
   */
  void operationEnded(@Nullable Throwable failure) {
    OperationResult.Builder result = OperationResult.builder().attempts(attempt);
    RawResponse answer = lastAnswer;
    if (answer != null) {
      result.statusCode(answer.statusCode()).requestId(Optional.ofNullable(answer.requestId()));
    }
    if (failure instanceof RuntimeException) {
      result.failure((RuntimeException) failure);
      if (failure instanceof CallingestException) {
        CallingestException e = (CallingestException) failure;
        e.requestId().ifPresent(result::requestId);
        if (e.statusCode().isPresent()) result.statusCode(e.statusCode());
      }
    }
    OperationResult ended = result.build();
    HttpTransport.notify(() -> options.eventListener().operationEnded(operation, ended));
  }

  /** The request's overall deadline, or null for none. */
  @Nullable Instant deadline() {
    return deadline;
  }

  /** The number of the attempt made last; 0 before the first. */
  int attempt() {
    return attempt;
  }

  AttemptPacing pacing() {
    return pacing;
  }

  /** Builds the next attempt's call, its timeout cut to the deadline, and reports its start. */
  Call newCall() {
    attempt++;
    RequestEvent started =
        RequestEvent.builder()
            .method(request.method())
            .path(path)
            .attempt(attempt)
            .operationId(operation.id())
            .build();
    event = started;
    lastAnswer = null;
    // A submission always has a body.
    body =
        request.isSubmission()
            ? new TrackingBody(
                Objects.requireNonNull(request.body(), "a submission has a body"),
                request.bodyOffset(),
                request.bodyLength())
            : null;
    Request.Builder httpRequest =
        new Request.Builder()
            .url(url)
            .method(request.method(), body)
            .header("User-Agent", transport.userAgent())
            .header("Accept", "application/json")
            .tag(RequestOptions.class, overrides);
    options.credentials().writeHeaders(httpRequest::header);
    if (idempotencyKey != null) httpRequest.header(HttpTransport.IDEMPOTENCY_KEY, idempotencyKey);
    if (attempt > 1) httpRequest.header(HttpTransport.ATTEMPT_HEADER, Integer.toString(attempt));

    Call call = transport.client().newCall(httpRequest.build());
    Duration callTimeout = callTimeout();
    if (callTimeout != null) {
      call.timeout().timeout(Durations.nanosSaturated(callTimeout), TimeUnit.NANOSECONDS);
    }
    HttpTransport.notify(() -> options.eventListener().requestStarted(started));
    startedNanos = System.nanoTime();
    return call;
  }

  /**
   * Reads the current attempt's response whole (at most {@link HttpTransport#MAX_RESPONSE_BYTES}).
   */
  RawResponse read(Response response) throws IOException {
    ResponseBody responseBody = response.body();
    long length = responseBody.contentLength();
    if (length > HttpTransport.MAX_RESPONSE_BYTES) {
      throw new IOException(
          "response body of " + length + " bytes exceeds " + HttpTransport.MAX_RESPONSE_BYTES);
    }
    okio.BufferedSource source = responseBody.source();
    source.request(HttpTransport.MAX_RESPONSE_BYTES + 1L);
    if (source.getBuffer().size() > HttpTransport.MAX_RESPONSE_BYTES) {
      throw new IOException("response body exceeds " + HttpTransport.MAX_RESPONSE_BYTES + " bytes");
    }
    byte[] bytes = source.readByteArray();
    return new RawResponse(
        response.code(), response.headers(), bytes, attempt, log.possiblyProcessed());
  }

  /** Whether the current attempt's body was fully handed to the connection. */
  private boolean fullySent() {
    return body != null && body.fullyWritten;
  }

  /**
   * The current attempt failed with {@code e} and no answer: reports it and decides whether to
   * retry (the attempt is logged when a retry follows).
   */
  Step<T> failed(IOException e) {
    Duration elapsed = elapsed();
    RequestEvent failedEvent = current();
    HttpTransport.notify(() -> options.eventListener().requestFailed(failedEvent, e, elapsed));
    // Fully sent with no answer: the server may have processed it. Reads change nothing.
    boolean inDoubt = fullySent();
    pacing.attemptEnded(attempt, inDoubt ? Outcome.UNKNOWN : Outcome.NOT_SENT);
    boolean timeout = isTimeout(e);
    String reason = e.getClass().getSimpleName();
    LOG.log(
        System.Logger.Level.DEBUG,
        "{0} {1} failed: {2} (attempt {3}, {4} ms, in doubt: {5})",
        request.method(),
        path,
        reason,
        attempt,
        elapsed.toMillis(),
        inDoubt);
    int attempts = attempt;
    Supplier<CallingestException> failure =
        () -> {
          String summary = describeFailure(reason, attempts, timeout);
          return inDoubt
              ? new RequestInDoubtException(
                  summary
                      + "; the request was fully sent, so the server may or may not have accepted it",
                  attempts,
                  timeout,
                  e)
              : new ConnectionException(summary, attempts, timeout, e);
        };
    Duration delay = transport.backoff().delay(attempt);
    if ((!inDoubt || retryInDoubt) && attempt <= maxRetries && fitsDeadline(delay)) {
      log.add(attempt, inDoubt, describeNetwork(timeout, reason, inDoubt), e);
      return Step.retry(delay, reason, inDoubt, failure);
    }
    return Step.fail(log.finish(failure.get(), inDoubt));
  }

  /**
   * The calling thread was interrupted while the current attempt was on the wire: it ends the
   * operation (the caller restores the flag).
   */
  CallingestException interrupted(IOException e) {
    Duration elapsed = elapsed();
    RequestEvent failedEvent = current();
    HttpTransport.notify(() -> options.eventListener().requestFailed(failedEvent, e, elapsed));
    boolean inDoubt = fullySent();
    pacing.attemptEnded(attempt, inDoubt ? Outcome.UNKNOWN : Outcome.NOT_SENT);
    log.add(attempt, inDoubt, isTimeout(e) ? "timed out" : "interrupted", null);
    return log.finish(
        new CallingestException("interrupted during " + request.method() + " " + path, e), inDoubt);
  }

  /**
   * The operation's cancel signal cut the current attempt off (its call was cancelled): reports the
   * attempt's end and returns the {@link CancelledException}, possibly processed when the body had
   * been fully sent (or an earlier attempt may have been processed).
   */
  CancelledException cancelledOnTheWire(@Nullable IOException e) {
    Duration elapsed = elapsed();
    RequestEvent failedEvent = current();
    if (e != null) {
      HttpTransport.notify(() -> options.eventListener().requestFailed(failedEvent, e, elapsed));
    }
    boolean inDoubt = fullySent();
    pacing.attemptEnded(attempt, inDoubt ? Outcome.UNKNOWN : Outcome.NOT_SENT);
    String what =
        inDoubt
            ? "the request was fully sent, so the server may have processed it"
            : "the request was not fully sent";
    CancelledException cancelled =
        new CancelledException(
            "cancelled during "
                + request.method()
                + " "
                + path
                + " (attempt "
                + attempt
                + "); "
                + what,
            attempt,
            e);
    return (CancelledException) log.finish(cancelled, inDoubt);
  }

  /**
   * The operation was cancelled while no attempt was on the wire (before the first, in a backoff or
   * a pacing wait): attempt {@code next} was not sent.
   */
  CancelledException cancelledBetweenAttempts(String during) {
    String notSent =
        attempt == 0 ? "nothing was sent" : "attempt " + (attempt + 1) + " was not sent";
    CancelledException cancelled =
        new CancelledException(
            "cancelled " + during + " " + request.method() + " " + path + "; " + notSent,
            attempt,
            null);
    return (CancelledException) log.finish(cancelled, false);
  }

  /** The current attempt was answered: reports it and decides between result, retry and failure. */
  Step<T> answered(RawResponse raw) {
    lastAnswer = raw;
    Duration elapsed = elapsed();
    RequestEvent answeredEvent = current();
    int status = raw.statusCode();
    HttpTransport.notify(
        () -> options.eventListener().responseReceived(answeredEvent, status, elapsed));
    pacing.attemptEnded(attempt, outcomeOf(status));
    LOG.log(
        System.Logger.Level.DEBUG,
        "{0} {1} -> {2} (attempt {3}, {4} ms)",
        request.method(),
        path,
        status,
        attempt,
        elapsed.toMillis());
    if (raw.isSuccessful()) return parse(raw);

    ErrorDecoder errorDecoder = transport.errorDecoder();
    Duration retryAfter =
        RetryAfter.fromHeaders(raw.headers(), options.clock().instant())
            .or(() -> errorDecoder.retryAfterHint(raw))
            .orElse(null);
    boolean inDoubt = request.isSubmission() && errorDecoder.answerMayFollowProcessing(status);
    boolean retryable = status == 408 || status == 429 || status >= 500;
    if (retryable
        && attempt <= maxRetries
        && (!inDoubt || retryInDoubt)
        && (retryAfter == null || retryAfter.compareTo(options.maxRetryAfter()) <= 0)) {
      Duration delay = retryAfter != null ? retryAfter : transport.backoff().delay(attempt);
      if (fitsDeadline(delay)) {
        CallingestException decoded = errorDecoder.decode(raw, retryAfter);
        CallingestException answer =
            inDoubt ? ExceptionMarks.possiblyProcessed(decoded, null) : decoded;
        log.add(attempt, inDoubt, "answered HTTP " + status, answer);
        return Step.retry(delay, "HTTP " + status, inDoubt, () -> answer);
      }
    }
    return Step.fail(log.finish(errorDecoder.decode(raw, retryAfter), inDoubt));
  }

  /** Reports the retry {@code step} is about to wait for: the debug log and the listener. */
  void retryScheduled(Step<T> step) {
    RequestEvent failed = current();
    LOG.log(
        System.Logger.Level.DEBUG,
        "{0} {1}: retrying in {2} ms after {3} (next attempt {4}, in doubt: {5})",
        failed.method(),
        failed.path(),
        step.delay.toMillis(),
        step.reason,
        failed.attempt() + 1,
        step.inDoubt);
    HttpTransport.notify(
        () ->
            options.eventListener().retryScheduled(failed, step.delay, step.reason, step.inDoubt));
  }

  /**
   * The pacing refused the retry {@code step} wanted: the operation ends with the failure it would
   * have ended with had no retry been permitted, the refusal attached.
   */
  CallingestException pacingRefused(Step<T> step, RateLimitedException refused) {
    CallingestException failure = step.lastFailure.get();
    failure.addSuppressed(refused);
    return log.finish(failure, step.inDoubt);
  }

  /** The pacing wait before a retry ended in {@code stopped} (interrupted or cancelled). */
  CallingestException pacingStopped(CallingestException stopped) {
    return log.finish(stopped, false);
  }

  /** The calling thread was interrupted in the backoff before the next attempt. */
  CallingestException interruptedWaiting(InterruptedException e) {
    return log.finish(
        new CallingestException(
            "interrupted while waiting to retry " + request.method() + " " + path, e),
        false);
  }

  private Step<T> parse(RawResponse raw) {
    try {
      return Step.success(parser.parse(raw));
    } catch (CallingestException e) {
      // The body said the request failed: a definite answer for this attempt.
      return Step.fail(log.finish(e, false));
    } catch (IOException | JsonDataException | IllegalArgumentException | IllegalStateException e) {
      MalformedResponseException failure =
          new MalformedResponseException(
              request.method()
                  + " "
                  + path
                  + " answered HTTP "
                  + raw.statusCode()
                  + " with a body that is not the documented response: "
                  + e.getMessage(),
              ErrorMapping.responseOf(raw, null, null),
              raw.attempts(),
              false,
              e);
      return Step.fail(log.finish(failure, request.isSubmission()));
    }
  }

  /** What the server may have done with an attempt answered {@code status}, for the pacing. */
  private Outcome outcomeOf(int status) {
    if (status >= 200 && status < 300) return Outcome.ACCEPTED;
    if (status == 429) return Outcome.RATE_LIMITED;
    return request.isSubmission() && transport.errorDecoder().answerMayFollowProcessing(status)
        ? Outcome.POSSIBLY_RECORDED
        : Outcome.DEFINITE_REFUSAL;
  }

  private @Nullable Duration callTimeout() {
    Duration perAttempt = overrides.callTimeout().orElse(options.callTimeout());
    if (deadline == null) return overrides.callTimeout().isPresent() ? perAttempt : null;
    Duration left = Duration.between(options.clock().instant(), deadline);
    if (left.isNegative() || left.isZero()) left = Duration.ofMillis(1);
    return perAttempt.isZero() || left.compareTo(perAttempt) < 0 ? left : perAttempt;
  }

  private boolean fitsDeadline(Duration delay) {
    return deadline == null || Durations.plus(options.clock().instant(), delay).isBefore(deadline);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private RequestEvent current() {
    if (event == null) throw new IllegalStateException("no attempt was made");
    return event;
  }

  private static String describeNetwork(boolean timeout, String reason, boolean inDoubt) {
    String what = timeout ? "timed out" : "failed (" + reason + ")";
    return inDoubt ? what + " after the request was sent" : what;
  }

  private String describeFailure(String reason, int attempts, boolean timeout) {
    return request.method()
        + " "
        + path
        + (timeout ? " timed out" : " failed (" + reason + ")")
        + " after "
        + attempts
        + (attempts == 1 ? " attempt" : " attempts");
  }

  private static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
  }

  /** What to do after an attempt: return a result, fail, or retry after a wait. */
  static final class Step<T> {
    final @Nullable T value;
    final @Nullable CallingestException failure;
    final Duration delay;
    final String reason;
    final boolean inDoubt;
    final Supplier<CallingestException> lastFailure;

    private Step(
        @Nullable T value,
        @Nullable CallingestException failure,
        Duration delay,
        String reason,
        boolean inDoubt,
        Supplier<CallingestException> lastFailure) {
      this.value = value;
      this.failure = failure;
      this.delay = delay;
      this.reason = reason;
      this.inDoubt = inDoubt;
      this.lastFailure = lastFailure;
    }

    static <T> Step<T> success(T value) {
      return new Step<>(
          value,
          null,
          Duration.ZERO,
          "",
          false,
          () -> {
            throw new IllegalStateException("no failure");
          });
    }

    static <T> Step<T> fail(CallingestException failure) {
      return new Step<>(null, failure, Duration.ZERO, "", false, () -> failure);
    }

    static <T> Step<T> retry(
        Duration delay, String reason, boolean inDoubt, Supplier<CallingestException> lastFailure) {
      return new Step<>(null, null, delay, reason, inDoubt, lastFailure);
    }

    boolean isRetry() {
      return failure == null && value == null;
    }

    /** The result, or the failure thrown; only for a step that is not a retry. */
    T result() {
      if (failure != null) throw failure;
      // isRetry() is false, so a step without a failure has a value.
      return Objects.requireNonNull(value, "a step without a failure has a value");
    }
  }

  /** Request body that records whether every byte was handed to the connection. */
  private static final class TrackingBody extends RequestBody {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    volatile boolean fullyWritten;

    TrackingBody(byte[] bytes, int offset, int length) {
      this.bytes = bytes;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes, offset, length);
      sink.flush();
      fullyWritten = true;
    }
  }

  /**
   * What became of each failed attempt of one logical request, oldest first. The exception finally
   * thrown carries these failures as suppressed exceptions and stays possibly processed once any
   * attempt was.
   */
  private static final class AttemptLog {
    private final List<Throwable> failures = new ArrayList<>();
    private @Nullable String firstDoubt;

    void add(int attempt, boolean inDoubt, String what, @Nullable Throwable failure) {
      if (failure != null) failures.add(failure);
      if (inDoubt && firstDoubt == null) {
        firstDoubt = "attempt " + attempt + " " + what + " and may have been processed";
      }
    }

    boolean possiblyProcessed() {
      return firstDoubt != null;
    }

    CallingestException finish(CallingestException thrown, boolean lastInDoubt) {
      // The exceptions are immutable: a possibly processed one is a marked copy.
      CallingestException last = thrown;
      if (firstDoubt != null) {
        last = ExceptionMarks.possiblyProcessed(thrown, firstDoubt);
      } else if (lastInDoubt) {
        last = ExceptionMarks.possiblyProcessed(thrown, null);
      }
      for (Throwable failure : failures) {
        // A failure that is the last exception's cause is kept once, as its cause.
        if (failure != thrown && failure != last && failure != last.getCause()) {
          last.addSuppressed(failure);
        }
      }
      return last;
    }
  }
}
