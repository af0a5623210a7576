package dev.callingest.internal;

import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ClientOptions;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestOptions;
import dev.callingest.Sleeper;
import dev.callingest.internal.Exchange.Step;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Sends one logical operation with retries, as {@link ClientOptions} describes: backoff with
 * jitter, {@code Retry-After}, an overall deadline, an idempotency key for submissions and the
 * distinction between safe and in-doubt failures. With an {@link AttemptPacing} (the API client's
 * pacing ticket) it reports every attempt's end and paces every retry. Thread-safe; shared by every
 * call of one API client.
 *
 * <p>Two drivers share one decision per attempt ({@link Exchange}): the blocking {@code execute},
 * which a {@link CancelSignal} can stop, and the asynchronous {@code executeAsync}, which holds no
 * thread while it waits (see {@link AsyncExchange}). The async executor only runs short
 * continuations; waits are tasks on one timer thread this transport owns, and HTTP attempts run on
 * OkHttp's dispatcher.
 */
public final class HttpTransport implements Closeable {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String ATTEMPT_HEADER = "Callingest-Attempt";
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  /** Threads of the async executor a transport creates when none is given. */
  static final int OWNED_ASYNC_THREADS = 2;

  private static final System.Logger LOG = System.getLogger("dev.callingest.http");

  private final ClientOptions options;
  private final ErrorDecoder errorDecoder;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final Backoff backoff;
  private final String userAgent;
  private final Executor asyncExecutor;
  private final @Nullable ExecutorService ownedExecutor;
  private final AsyncTimer timer;

  /** Raised by {@link #close()}: ends every async operation still under way. */
  private final CancelSignal closing = CancelSignal.create();

  private final AtomicLong operationIds = new AtomicLong();

  public HttpTransport(ClientOptions options, ErrorDecoder errorDecoder) {
    this(options, errorDecoder, Backoff.RANDOM);
  }

  HttpTransport(ClientOptions options, ErrorDecoder errorDecoder, DoubleSupplier random) {
    this(options, errorDecoder, random, AsyncTimer.forSleeper(options.sleeper(), options.clock()));
  }

  HttpTransport(
      ClientOptions options, ErrorDecoder errorDecoder, DoubleSupplier random, AsyncTimer timer) {
    this.options = options;
    this.errorDecoder = errorDecoder;
    OkHttpClient given = options.okHttpClient().orElse(null);
    this.ownsClient = given == null;
    OkHttpClient.Builder builder = given != null ? given.newBuilder() : new OkHttpClient.Builder();
    javax.net.SocketFactory sockets =
        given != null ? given.socketFactory() : javax.net.SocketFactory.getDefault();
    if (!(sockets instanceof NoDelaySocketFactory)) sockets = new NoDelaySocketFactory(sockets);
    if (given == null) {
      // Every call of this client goes to one host: OkHttp's default of 5 async calls per host
      // would queue the async variants behind each other. A caller's client keeps its dispatcher.
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequestsPerHost(dispatcher.getMaxRequests());
      builder.dispatcher(dispatcher);
    }
    this.client =
        builder
            .socketFactory(sockets)
            .connectTimeout(Durations.forOkHttp(options.connectTimeout()))
            .readTimeout(Durations.forOkHttp(options.readTimeout()))
            .writeTimeout(Durations.forOkHttp(options.writeTimeout()))
            .callTimeout(Durations.forOkHttp(options.callTimeout()))
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
    this.timer = timer;
  }

  /** {@return a new id for one operation, unique within this transport} */
  long nextOperationId() {
    return operationIds.incrementAndGet();
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

  String userAgent() {
    return userAgent;
  }

  Backoff backoff() {
    return backoff;
  }

  ErrorDecoder errorDecoder() {
    return errorDecoder;
  }

  AsyncTimer timer() {
    return timer;
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
   * Sends {@code request} like {@link #execute(ApiRequest, ResponseParser, RequestOptions)}, with
   * the overall deadline counted from {@code startedAt}: the moment the API client's method was
   * called, before its pacing wait.
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
   * Sends {@code request} like {@link #execute(ApiRequest, ResponseParser, RequestOptions,
   * Instant)}, pacing every attempt through {@code pacing}: each attempt's end is reported with
   * what the server may have done with it, and each retry first waits until the pacing lets it go
   * (after the backoff, within the overall deadline). When the pacing refuses or is interrupted, no
   * further attempt is sent: a refusal ends the request with the failure of its last attempt,
   * carrying the refusal as a suppressed exception; an interrupt or a cancellation ends it with a
   * {@link CallingestException} saying so.
   */
  public <T> T execute(
      ApiRequest request,
      ResponseParser<T> parser,
      RequestOptions overrides,
      Instant startedAt,
      AttemptPacing pacing) {
    return execute(request, parser, overrides, startedAt, pacing, CancelSignal.NEVER);
  }

  /**
   * Sends {@code request} like {@link #execute(ApiRequest, ResponseParser, RequestOptions, Instant,
   * AttemptPacing)}, giving up when {@code cancel} is raised: an attempt on the wire has its OkHttp
   * call cancelled, and a backoff or a pacing wait ends at once. The operation then throws {@link
   * CancelledException}, {@linkplain CallingestException#possiblyProcessed() possibly processed}
   * when the cut attempt's body had been fully sent (or an earlier attempt may have been
   * processed). An interrupt of the calling thread ends the operation too, and its flag is set
   * again.
   *
   * @param cancel the operation's cancel signal; {@link CancelSignal#NEVER} for none
   * @throws CancelledException when {@code cancel} was raised before the operation ended
   * @throws CallingestException for every other failure, as described in {@link ClientOptions}
   */
  public <T> T execute(
      ApiRequest request,
      ResponseParser<T> parser,
      RequestOptions overrides,
      Instant startedAt,
      AttemptPacing pacing,
      CancelSignal cancel) {
    Exchange<T> exchange = new Exchange<>(this, request, parser, overrides, startedAt, pacing);
    exchange.operationStarted();
    try {
      T result = attempts(exchange, cancel);
      exchange.operationEnded(null);
      return result;
    } catch (RuntimeException e) {
      exchange.operationEnded(e);
      throw e;
    }
  }

  /** The blocking driver of {@code exchange}: its attempts, waits and retries. */
  private <T> T attempts(Exchange<T> exchange, CancelSignal cancel) {
    while (true) {
      if (cancel.isCancelled()) {
        throw exchange.cancelledBetweenAttempts(
            exchange.attempt() == 0 ? "before" : "before retrying");
      }
      Call call = exchange.newCall();
      Step<T> step;
      try (CancelSignal.Registration stop = cancel.onCancel(call::cancel)) {
        RawResponse raw;
        try (Response response = call.execute()) {
          raw = exchange.read(response);
        }
        step = exchange.answered(raw);
      } catch (IOException e) {
        if (cancel.isCancelled()) throw exchange.cancelledOnTheWire(e);
        if (Thread.currentThread().isInterrupted()) throw exchange.interrupted(e);
        step = exchange.failed(e);
      }
      if (!step.isRetry()) return step.result();
      exchange.retryScheduled(step);
      sleepBeforeRetry(exchange, step.delay, cancel);
      paceRetry(exchange, step, cancel);
    }
  }

  /**
   * Waits out a backoff with the sleeper; a raised {@code cancel} ends it at once (it signals the
   * condition the sleeper waits on).
   */
  private void sleepBeforeRetry(Exchange<?> exchange, Duration delay, CancelSignal cancel) {
    Sleeper sleeper = options.sleeper();
    try {
      if (cancel == CancelSignal.NEVER) {
        sleeper.sleep(delay);
      } else {
        // The pacer's way of waiting: a real wait that a raised signal ends at once on the system
        // sleeper; an injected sleeper decides (a fake clock's just advances).
        CountDownLatch woken = new CountDownLatch(1);
        try (CancelSignal.Registration stop = cancel.onCancel(woken::countDown)) {
          if (!cancel.isCancelled()) {
            PacerSleeper.of(sleeper)
                .await(delay, realTime -> woken.await(realTime.toNanos(), TimeUnit.NANOSECONDS));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw exchange.interruptedWaiting(e);
    }
    if (cancel.isCancelled()) throw exchange.cancelledBetweenAttempts("while waiting to retry");
  }

  /**
   * Asks the pacing before the next attempt. A refusal ends the request with the failure the
   * request would have ended with had no retry been permitted, the refusal attached; a cancellation
   * or an interrupt ends it with the pacing's exception.
   */
  private static void paceRetry(Exchange<?> exchange, Step<?> step, CancelSignal cancel) {
    int next = exchange.attempt() + 1;
    try {
      // A ticket's wait ends when the signal it was acquired with is raised (the API clients
      // acquire with the operation's signal); the pacing throws, and the cancel is reported here.
      exchange.pacing().beforeRetry(next, exchange.deadline());
    } catch (RateLimitedException refused) {
      throw pacingRefused(exchange, step, refused);
    } catch (CallingestException stopped) {
      if (cancel.isCancelled())
        throw exchange.cancelledBetweenAttempts("while pacing the retry of");
      throw exchange.pacingStopped(stopped);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> CallingestException pacingRefused(
      Exchange<T> exchange, Step<?> step, RateLimitedException refused) {
    return exchange.pacingRefused((Step<T>) step, refused);
  }

  /**
   * Sends {@code request} asynchronously with the client's settings, the deadline counted from now.
   * See {@link #executeAsync(ApiRequest, ResponseParser, RequestOptions, Instant, AttemptPacing,
   * Function, CancelSignal)}.
   *
   * @return the result; cancelling it cancels the operation
   */
  public <T> CancellableFuture<T> executeAsync(
      ApiRequest request, ResponseParser<T> parser, RequestOptions overrides) {
    CancelSignal cancel = CancelSignal.create();
    CancellableFuture<T> result = new CancellableFuture<>(cancel);
    CompletableFuture<T> operation =
        executeAsync(
            request,
            parser,
            overrides,
            options.clock().instant(),
            AttemptPacing.NONE,
            action -> () -> {},
            cancel);
    forward(operation, result);
    return result;
  }

  /**
   * Sends {@code request} as {@link #execute(ApiRequest, ResponseParser, RequestOptions, Instant,
   * AttemptPacing, CancelSignal)} does, holding no thread while it waits: each attempt is enqueued
   * with OkHttp and decided on its callback, a backoff is a timer task, and a pacing wait before a
   * retry asks {@code pacing} without blocking and asks again at the pacer's next change ({@code
   * pacingChanges}) or when the wait it named is over. Raising {@code cancel} cancels the call in
   * flight or ends the wait; the future then fails with {@link CancelledException}. The future is
   * completed on the async executor.
   *
   * @param pacingChanges registers a one-shot action for the pacer's next change ({@code
   *     SlidingWindowPacer::whenChanged}); returns the handle that unregisters it
   * @return the result, or the exception {@code execute} would throw
   */
  public <T> CompletableFuture<T> executeAsync(
      ApiRequest request,
      ResponseParser<T> parser,
      RequestOptions overrides,
      Instant startedAt,
      AttemptPacing pacing,
      Function<Runnable, AutoCloseable> pacingChanges,
      CancelSignal cancel) {
    CancelSignal.Registration closed = closing.onCancel(cancel::cancel);
    CompletableFuture<T> operation;
    try {
      Exchange<T> exchange = new Exchange<>(this, request, parser, overrides, startedAt, pacing);
      exchange.operationStarted();
      operation = new AsyncExchange<>(this, exchange, pacingChanges, cancel).start();
      operation.whenComplete((value, failure) -> exchange.operationEnded(unwrap(failure)));
    } catch (RuntimeException e) {
      closed.close();
      return CompletableFuture.failedFuture(e);
    }
    operation.whenComplete((value, failure) -> closed.close());
    return operation;
  }

  /**
   * Paces and sends a submission asynchronously, holding no thread while it waits: the pacing
   * admission is tried without blocking and tried again at the pacer's next change or when the wait
   * it named is over; then the request goes as {@link #executeAsync(ApiRequest, ResponseParser,
   * RequestOptions, Instant, AttemptPacing, Function, CancelSignal)} sends it, its ticket pacing
   * every retry. {@code settle} releases the ticket before the returned future completes.
   * Cancelling the returned future cancels the operation: a wait ends, the call in flight is
   * cancelled, and the ticket is settled with what the cut attempt warrants.
   *
   * @param pacer the client's pacer
   * @param weight the request's weight, such as the calls in a batch
   * @param startedAt when the API client's method was called; the deadline and the pacing {@code
   *     maxWait} count from then
   * @param settle releases the ticket with the outcome; runs once, when a ticket was granted
   * @return the result; cancelling it cancels the operation
   */
  public <T> CancellableFuture<T> executePacedAsync(
      SlidingWindowPacer pacer,
      int weight,
      ApiRequest request,
      ResponseParser<T> parser,
      RequestOptions overrides,
      Instant startedAt,
      Settlement<T> settle) {
    CancelSignal cancel = CancelSignal.create();
    CancellableFuture<T> result = new CancellableFuture<>(cancel);
    Instant deadline = deadline(overrides, startedAt);
    CancelSignal.Registration closed = closing.onCancel(cancel::cancel);
    CompletableFuture<SlidingWindowPacer.Ticket> admitted =
        PacingWait.start(
            () -> {
              SlidingWindowPacer.Admission admission =
                  pacer.tryAcquire(weight, startedAt, deadline);
              SlidingWindowPacer.Ticket ticket = admission.ticket();
              return ticket != null
                  ? PacingWait.Answer.granted(ticket)
                  : PacingWait.Answer.waitFor(admission.retryIn());
            },
            pacer::whenChanged,
            this,
            cancel,
            () ->
                new CancelledException(
                    "cancelled while pacing "
                        + request.method()
                        + " "
                        + resolve(request).encodedPath()
                        + "; nothing was sent",
                    0,
                    null));
    admitted.whenComplete((ticket, failure) -> closed.close());
    CompletableFuture<T> operation =
        admitted.thenCompose(
            ticket ->
                executeAsync(
                        request, parser, overrides, startedAt, ticket, pacer::whenChanged, cancel)
                    .handle(
                        (value, failure) -> {
                          Throwable delivered = settle.settle(ticket, value, unwrap(failure));
                          if (delivered != null) throw new CompletionException(delivered);
                          return value;
                        }));
    forward(operation, result);
    return result;
  }

  /**
   * A wait that holds no thread: completes on the async executor after {@code delay} (a task on
   * this transport's timer), or fails with {@code cancelled}'s exception as soon as {@code cancel}
   * is raised or the transport is closed.
   *
   * @param delay the wait
   * @param cancel the operation's signal
   * @param cancelled the failure of a cancelled wait
   * @return completes with null when the wait is over
   */
  public CompletableFuture<@Nullable Void> delay(
      Duration delay, CancelSignal cancel, Supplier<? extends RuntimeException> cancelled) {
    CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    AsyncTimer.Handle task;
    try {
      task = timer.schedule(delay, () -> dispatch(() -> done.complete(null)));
    } catch (IllegalStateException closed) {
      return CompletableFuture.failedFuture(cancelled.get());
    }
    Runnable stop =
        () -> {
          if (task.cancel()) dispatch(() -> done.completeExceptionally(cancelled.get()));
        };
    CancelSignal.Registration byCancel = cancel.onCancel(stop);
    CancelSignal.Registration byClose = closing.onCancel(stop);
    done.whenComplete(
        (ignored, failure) -> {
          byCancel.close();
          byClose.close();
        });
    return done;
  }

  /** Releases a submission's pacing ticket once its operation ended. */
  @FunctionalInterface
  public interface Settlement<T> {
    /**
     * Settles {@code ticket}.
     *
     * @param ticket the request's ticket
     * @param value the result, or null when it failed
     * @param failure the failure, or null when it succeeded
     * @return the failure to deliver ({@code failure}, or the API's richer version of it); null
     *     when it succeeded
     */
    @Nullable Throwable settle(
        SlidingWindowPacer.Ticket ticket, @Nullable T value, @Nullable Throwable failure);
  }

  private @Nullable Instant deadline(RequestOptions overrides, Instant startedAt) {
    return overrides
        .deadline()
        .or(options::deadline)
        .map(d -> Durations.plus(startedAt, d))
        .orElse(null);
  }

  private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
    from.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            to.complete(value);
          } else {
            to.completeExceptionally(unwrap(failure));
          }
        });
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** Runs {@code continuation} on the async executor; inline when the executor refuses it. */
  void dispatch(Runnable continuation) {
    try {
      asyncExecutor.execute(continuation);
    } catch (RejectedExecutionException e) {
      continuation.run();
    }
  }

  HttpUrl resolve(ApiRequest request) {
    HttpUrl.Builder url = options.baseUrl().newBuilder();
    for (String segment : request.pathSegments()) url.addPathSegment(segment);
    return url.build();
  }

  static void notify(Runnable listenerCall) {
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
            OWNED_ASYNC_THREADS,
            OWNED_ASYNC_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "callingest-async-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Ends every async operation still under way (each fails with {@link CancelledException}), stops
   * the timer thread, and releases the connection pool and threads the SDK created; what the caller
   * gave stays open.
   */
  @Override
  public void close() {
    closing.cancel();
    timer.shutdown();
    if (ownedExecutor != null) ownedExecutor.shutdown();
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
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
        // Clamped: a timeout over Integer.MAX_VALUE ms (24.8 days) must not wrap to a negative.
        if (connect.isPresent()) {
          adjusted =
              adjusted.withConnectTimeout(
                  Durations.millisClamped(connect.get()), TimeUnit.MILLISECONDS);
        }
        if (read.isPresent()) {
          adjusted =
              adjusted.withReadTimeout(Durations.millisClamped(read.get()), TimeUnit.MILLISECONDS);
        }
        if (write.isPresent()) {
          adjusted =
              adjusted.withWriteTimeout(
                  Durations.millisClamped(write.get()), TimeUnit.MILLISECONDS);
        }
      }
      return adjusted.proceed(chain.request());
    }
  }
}
