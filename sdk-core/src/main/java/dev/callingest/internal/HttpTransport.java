package dev.callingest.internal;

import com.squareup.moshi.JsonDataException;
import dev.callingest.CallingestException;
import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.ConnectionException;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestEvent;
import dev.callingest.RequestInDoubtException;
import dev.callingest.RequestOptions;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * Sends one logical operation with retries, as {@link ClientOptions} describes: backoff with jitter,
 * {@code Retry-After}, an overall deadline, an idempotency key for submissions and the distinction
 * between safe and in-doubt failures. With an {@link AttemptPacing} (the API client's pacing ticket)
 * it reports every attempt's end and paces every retry. Thread-safe; shared by every call of one API
 * client.
 */
public final class HttpTransport implements Closeable {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String ATTEMPT_HEADER = "Callingest-Attempt";
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger("dev.callingest.http");
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final ClientOptions options;
  private final ErrorDecoder errorDecoder;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final Backoff backoff;
  private final String userAgent;
  private final Executor asyncExecutor;
  private final ExecutorService ownedExecutor;

  public HttpTransport(ClientOptions options, ErrorDecoder errorDecoder) {
    this(options, errorDecoder, Backoff.RANDOM);
  }

  HttpTransport(ClientOptions options, ErrorDecoder errorDecoder, DoubleSupplier random) {
    this.options = options;
    this.errorDecoder = errorDecoder;
    OkHttpClient given = options.okHttpClient().orElse(null);
    this.ownsClient = given == null;
    OkHttpClient.Builder builder = given != null ? given.newBuilder() : new OkHttpClient.Builder();
    javax.net.SocketFactory sockets =
        given != null ? given.socketFactory() : javax.net.SocketFactory.getDefault();
    if (!(sockets instanceof NoDelaySocketFactory)) sockets = new NoDelaySocketFactory(sockets);
    this.client =
        builder
            .socketFactory(sockets)
            .connectTimeout(options.connectTimeout())
            .readTimeout(options.readTimeout())
            .writeTimeout(options.writeTimeout())
            .callTimeout(options.callTimeout())
            // The SDK decides what is safe to send again; OkHttp would silently resend a POST.
            .retryOnConnectionFailure(false)
            // A redirect could carry credential headers to another host; treat it as an error.
            .followRedirects(false)
            .followSslRedirects(false)
            .addInterceptor(new TimeoutOverrides())
            .build();
    this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff(), random);
    this.userAgent = UserAgent.of(options.appInfo().orElse(null));
    if (options.asyncExecutor().isPresent()) {
      this.asyncExecutor = options.asyncExecutor().get();
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = newDaemonPool();
      this.asyncExecutor = ownedExecutor;
    }
  }

  public ClientOptions options() {
    return options;
  }

  /**
   * The HTTP client this transport derived: the user's (its pool, dispatcher, proxy, TLS and
   * interceptors) or the SDK's own. The recording preflight derives its client from it.
   */
  public OkHttpClient client() {
    return client;
  }

  /** Runs {@link #execute} on the async executor. */
  public <T> CompletableFuture<T> executeAsync(
      ApiRequest request, ResponseParser<T> parser, RequestOptions overrides) {
    return supplyAsync(() -> execute(request, parser, overrides));
  }

  /**
   * Runs a blocking operation of an API client (pacing, then {@link #execute}) on the async executor:
   * the configured one, or the daemon pool this transport owns.
   */
  public <T> CompletableFuture<T> supplyAsync(Supplier<T> operation) {
    return CompletableFuture.supplyAsync(operation, asyncExecutor);
  }

  /**
   * Sends {@code request}, retrying as permitted, and parses the successful response. The deadline
   * counts from now.
   *
   * @throws CallingestException for every failure, as described in {@link ClientOptions}
   */
  public <T> T execute(ApiRequest request, ResponseParser<T> parser, RequestOptions overrides) {
    return execute(request, parser, overrides, options.clock().instant());
  }

  /**
   * Sends {@code request} like {@link #execute(ApiRequest, ResponseParser, RequestOptions)}, with the
   * overall deadline counted from {@code startedAt}: the moment the API client's method was called,
   * before its pacing wait.
   *
   * <p>Every attempt's fate is kept: the exception finally thrown carries the earlier failures as
   * suppressed exceptions and is {@linkplain CallingestException#possiblyProcessed() possibly
   * processed} when any attempt may have been; a later definite answer never clears that.
   */
  public <T> T execute(
      ApiRequest request, ResponseParser<T> parser, RequestOptions overrides, Instant startedAt) {
    return execute(request, parser, overrides, startedAt, AttemptPacing.NONE);
  }

  /**
   * Sends {@code request} like {@link #execute(ApiRequest, ResponseParser, RequestOptions, Instant)},
   * pacing every attempt through {@code pacing}: each attempt's end is reported with what the server
   * may have done with it, and each retry first waits until the pacing lets it go (after the
   * backoff, within the overall deadline). When the pacing refuses or is interrupted, no further
   * attempt is sent: a refusal ends the request with the failure of its last attempt, carrying the
   * refusal as a suppressed exception; an interrupt or a cancellation ends it with a {@link
   * CallingestException} saying so.
   */
  public <T> T execute(
      ApiRequest request, ResponseParser<T> parser, RequestOptions overrides, Instant startedAt,
      AttemptPacing pacing) {
    HttpUrl url = resolve(request);
    String path = url.encodedPath();
    int maxRetries = overrides.maxRetries().orElse(options.maxRetries());
    boolean retryInDoubt = overrides.retryInDoubtRequests().orElse(options.retryInDoubtRequests());
    Instant deadline = overrides.deadline().or(options::deadline).map(startedAt::plus).orElse(null);
    String idempotencyKey =
        request.isSubmission()
            ? overrides.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString())
            : null;
    AttemptLog log = new AttemptLog();

    for (int attempt = 1; ; attempt++) {
      RequestEvent event =
          RequestEvent.builder().method(request.method()).path(path).attempt(attempt).build();
      TrackingBody body = request.isSubmission() ? new TrackingBody(request.body()) : null;
      Request.Builder httpRequest =
          new Request.Builder()
              .url(url)
              .method(request.method(), body)
              .header("User-Agent", userAgent)
              .header("Accept", "application/json")
              .tag(RequestOptions.class, overrides);
      options.credentials().writeHeaders(httpRequest::header);
      if (idempotencyKey != null) httpRequest.header(IDEMPOTENCY_KEY, idempotencyKey);
      if (attempt > 1) httpRequest.header(ATTEMPT_HEADER, Integer.toString(attempt));

      Call call = client.newCall(httpRequest.build());
      Duration callTimeout = callTimeout(overrides, deadline);
      if (callTimeout != null) call.timeout().timeout(callTimeout.toNanos(), TimeUnit.NANOSECONDS);

      notify(() -> options.eventListener().requestStarted(event));
      long started = System.nanoTime();
      RawResponse raw;
      try (Response response = call.execute()) {
        raw = read(response, attempt, log.possiblyProcessed());
      } catch (IOException e) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        notify(() -> options.eventListener().requestFailed(event, e, elapsed));
        // Fully sent with no answer: the server may have processed it. Reads change nothing.
        boolean inDoubt = body != null && body.fullyWritten;
        pacing.attemptEnded(attempt, inDoubt ? Outcome.UNKNOWN : Outcome.NOT_SENT);
        boolean timeout = isTimeout(e);
        String reason = e.getClass().getSimpleName();
        if (Thread.currentThread().isInterrupted()) {
          log.add(attempt, inDoubt, timeout ? "timed out" : "interrupted", null);
          throw log.finish(
              new CallingestException("interrupted during " + request.method() + " " + path, e),
              inDoubt);
        }
        LOG.log(
            System.Logger.Level.DEBUG,
            "{0} {1} failed: {2} (attempt {3}, {4} ms, in doubt: {5})",
            request.method(), path, reason, attempt, elapsed.toMillis(), inDoubt);
        boolean permitted = !inDoubt || retryInDoubt;
        Duration delay = backoff.delay(attempt);
        int attempts = attempt;
        Supplier<CallingestException> failure = () -> {
          String summary = describeFailure(request, path, reason, attempts, timeout);
          return inDoubt
              ? new RequestInDoubtException(
                  summary + "; the request was fully sent, so the server may or may not have accepted it",
                  attempts, timeout, e)
              : new ConnectionException(summary, attempts, timeout, e);
        };
        if (permitted && attempt <= maxRetries && fitsDeadline(delay, deadline)) {
          log.add(attempt, inDoubt, describeNetwork(timeout, reason, inDoubt), e);
          waitBeforeRetry(event, delay, reason, inDoubt, log);
          paceRetry(pacing, attempt + 1, deadline, failure, inDoubt, log);
          continue;
        }
        throw log.finish(failure.get(), inDoubt);
      }

      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      int status = raw.statusCode();
      notify(() -> options.eventListener().responseReceived(event, status, elapsed));
      pacing.attemptEnded(attempt, outcomeOf(status, body != null));
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0} {1} -> {2} (attempt {3}, {4} ms)",
          request.method(), path, status, attempt, elapsed.toMillis());
      if (raw.isSuccessful()) return parse(parser, raw, request, path, body != null, log);

      Duration retryAfter =
          RetryAfter.fromHeaders(raw.headers(), options.clock().instant())
              .or(() -> errorDecoder.retryAfterHint(raw))
              .orElse(null);
      boolean inDoubt = body != null && errorDecoder.answerMayFollowProcessing(status);
      boolean retryable = status == 408 || status == 429 || status >= 500;
      if (retryable
          && attempt <= maxRetries
          && (!inDoubt || retryInDoubt)
          && (retryAfter == null || retryAfter.compareTo(options.maxRetryAfter()) <= 0)) {
        Duration delay = retryAfter != null ? retryAfter : backoff.delay(attempt);
        if (fitsDeadline(delay, deadline)) {
          CallingestException answer = errorDecoder.decode(raw, retryAfter);
          if (inDoubt) ExceptionMarks.markPossiblyProcessed(answer, null);
          log.add(attempt, inDoubt, "answered HTTP " + status, answer);
          waitBeforeRetry(event, delay, "HTTP " + status, inDoubt, log);
          paceRetry(pacing, attempt + 1, deadline, () -> answer, inDoubt, log);
          continue;
        }
      }
      throw log.finish(errorDecoder.decode(raw, retryAfter), inDoubt);
    }
  }

  /** What the server may have done with an attempt answered {@code status}, for the pacing. */
  private Outcome outcomeOf(int status, boolean submission) {
    if (status >= 200 && status < 300) return Outcome.ACCEPTED;
    if (status == 429) return Outcome.RATE_LIMITED;
    return submission && errorDecoder.answerMayFollowProcessing(status)
        ? Outcome.POSSIBLY_RECORDED
        : Outcome.DEFINITE_REFUSAL;
  }

  /**
   * Asks the pacing before attempt {@code next}. A refusal ends the request with {@code lastFailure}
   * (the failure the request would have ended with had no retry been permitted), the refusal
   * attached; a cancellation or an interrupt ends it with the pacing's exception.
   */
  private static void paceRetry(
      AttemptPacing pacing, int next, Instant deadline, Supplier<CallingestException> lastFailure,
      boolean lastInDoubt, AttemptLog log) {
    try {
      pacing.beforeRetry(next, deadline);
    } catch (RateLimitedException refused) {
      CallingestException failure = lastFailure.get();
      failure.addSuppressed(refused);
      throw log.finish(failure, lastInDoubt);
    } catch (CallingestException stopped) {
      throw log.finish(stopped, false);
    }
  }

  private static String describeNetwork(boolean timeout, String reason, boolean inDoubt) {
    String what = timeout ? "timed out" : "failed (" + reason + ")";
    return inDoubt ? what + " after the request was sent" : what;
  }

  private HttpUrl resolve(ApiRequest request) {
    HttpUrl.Builder url = options.baseUrl().newBuilder();
    for (String segment : request.pathSegments()) url.addPathSegment(segment);
    return url.build();
  }

  private Duration callTimeout(RequestOptions overrides, Instant deadline) {
    Duration perAttempt = overrides.callTimeout().orElse(options.callTimeout());
    if (deadline == null) return overrides.callTimeout().isPresent() ? perAttempt : null;
    Duration left = Duration.between(options.clock().instant(), deadline);
    if (left.isNegative() || left.isZero()) left = Duration.ofMillis(1);
    return perAttempt.isZero() || left.compareTo(perAttempt) < 0 ? left : perAttempt;
  }

  private boolean fitsDeadline(Duration delay, Instant deadline) {
    return deadline == null || options.clock().instant().plus(delay).isBefore(deadline);
  }

  private void waitBeforeRetry(
      RequestEvent failed, Duration delay, String reason, boolean inDoubt, AttemptLog log) {
    LOG.log(
        System.Logger.Level.DEBUG,
        "{0} {1}: retrying in {2} ms after {3} (next attempt {4}, in doubt: {5})",
        failed.method(), failed.path(), delay.toMillis(), reason, failed.attempt() + 1, inDoubt);
    notify(() -> options.eventListener().retryScheduled(failed, delay, reason, inDoubt));
    try {
      options.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw log.finish(
          new CallingestException(
              "interrupted while waiting to retry " + failed.method() + " " + failed.path(), e),
          false);
    }
  }

  private <T> T parse(
      ResponseParser<T> parser, RawResponse raw, ApiRequest request, String path, boolean submission,
      AttemptLog log) {
    try {
      return parser.parse(raw);
    } catch (CallingestException e) {
      // The body said the request failed: a definite answer for this attempt.
      throw log.finish(e, false);
    } catch (IOException | JsonDataException | IllegalArgumentException | IllegalStateException e) {
      MalformedResponseException failure =
          ExceptionFactory.get().malformed(
              request.method() + " " + path + " answered HTTP " + raw.statusCode()
                  + " with a body that is not the documented response: " + e.getMessage(),
              ErrorMapping.responseOf(raw, null, null), raw.attempts(), e);
      throw log.finish(failure, submission);
    }
  }

  private static RawResponse read(Response response, int attempt, boolean earlierInDoubt)
      throws IOException {
    ResponseBody body = response.body();
    long length = body.contentLength();
    if (length > MAX_RESPONSE_BYTES) {
      throw new IOException("response body of " + length + " bytes exceeds " + MAX_RESPONSE_BYTES);
    }
    okio.BufferedSource source = body.source();
    source.request(MAX_RESPONSE_BYTES + 1L);
    if (source.getBuffer().size() > MAX_RESPONSE_BYTES) {
      throw new IOException("response body exceeds " + MAX_RESPONSE_BYTES + " bytes");
    }
    byte[] bytes = source.readByteArray();
    return new RawResponse(response.code(), response.headers(), bytes, attempt, earlierInDoubt);
  }

  private static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
  }

  private static String describeFailure(
      ApiRequest request, String path, String reason, int attempts, boolean timeout) {
    return request.method() + " " + path + (timeout ? " timed out" : " failed (" + reason + ")")
        + " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  private static void notify(Runnable listenerCall) {
    try {
      listenerCall.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "event listener failed; ignored", e);
    }
  }

  private static ExecutorService newDaemonPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "callingest-async-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Releases the connection pool and threads the SDK created; what the caller gave stays open. */
  @Override
  public void close() {
    if (ownedExecutor != null) ownedExecutor.shutdown();
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** Request body that records whether every byte was handed to the connection. */
  private static final class TrackingBody extends RequestBody {
    private final byte[] bytes;
    volatile boolean fullyWritten;

    TrackingBody(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
      sink.flush();
      fullyWritten = true;
    }
  }

  /** Applies per-request timeout overrides carried in the request's tag. */
  private static final class TimeoutOverrides implements okhttp3.Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      RequestOptions overrides = chain.request().tag(RequestOptions.class);
      Chain adjusted = chain;
      if (overrides != null) {
        Optional<Duration> connect = overrides.connectTimeout();
        Optional<Duration> read = overrides.readTimeout();
        Optional<Duration> write = overrides.writeTimeout();
        if (connect.isPresent()) {
          adjusted = adjusted.withConnectTimeout((int) connect.get().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (read.isPresent()) {
          adjusted = adjusted.withReadTimeout((int) read.get().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (write.isPresent()) {
          adjusted = adjusted.withWriteTimeout((int) write.get().toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      return adjusted.proceed(chain.request());
    }
  }

  /**
   * What became of each failed attempt of one logical request, oldest first. The exception finally
   * thrown carries these failures as suppressed exceptions and stays possibly processed once any
   * attempt was.
   */
  private static final class AttemptLog {
    private final List<Throwable> failures = new ArrayList<>();
    private String firstDoubt;

    void add(int attempt, boolean inDoubt, String what, Throwable failure) {
      if (failure != null) failures.add(failure);
      if (inDoubt && firstDoubt == null) {
        firstDoubt = "attempt " + attempt + " " + what + " and may have been processed";
      }
    }

    boolean possiblyProcessed() {
      return firstDoubt != null;
    }

    CallingestException finish(CallingestException last, boolean lastInDoubt) {
      for (Throwable failure : failures) {
        // A failure that is the last exception's cause is kept once, as its cause.
        if (failure != last && failure != last.getCause()) last.addSuppressed(failure);
      }
      if (firstDoubt != null) {
        ExceptionMarks.markPossiblyProcessed(last, firstDoubt);
      } else if (lastInDoubt) {
        ExceptionMarks.markPossiblyProcessed(last, null);
      }
      return last;
    }
  }
}
