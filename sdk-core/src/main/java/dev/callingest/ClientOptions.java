package dev.callingest;

import dev.callingest.internal.DurationLimits;
import dev.callingest.internal.Urls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How a client talks to its API: where, as whom, with which timeouts and retries. Immutable and
 * safe to share; derive a variant with {@link #newBuilder()}.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .baseUrl("https://api.example.com")
 *     .credentials(UploadCredentials.of(System.getenv("UPLOAD_API_KEY")))
 *     .maxRetries(3)
 *     .build();
 * }</pre>
 *
 * <h2>Retries</h2>
 *
 * A failed attempt is retried, up to {@link #maxRetries()} times and within {@link #deadline()},
 * when it is one of these:
 *
 * <ul>
 *   <li>Safe, nothing was processed: the connection could not be opened, the request was not fully
 *       written, or the server answered 408, 429 or 503.
 *   <li>In doubt, the server may have processed the request: a timeout or dropped connection after
 *       the request was fully written, or a 5xx other than 503. Reads ({@code GET}) are always
 *       retried. Submissions are retried with the same {@code Idempotency-Key} header only while
 *       {@link #retryInDoubtRequests()} is on (the default); otherwise a dropped or timed-out
 *       submission fails with {@link RequestInDoubtException} and a 5xx with {@link
 *       ServerException}.
 * </ul>
 *
 * Whatever the last attempt's failure, the exception's {@link
 * CallingestException#possiblyProcessed()} says whether any attempt may have been processed, and a
 * successful answer after such an attempt is reported on the result where the API can carry it (the
 * Upload API's {@code SubmissionReceipt.possibleDuplicate()}). The overall deadline counts from the
 * moment the client method was called, so it covers the client-side pacing wait too.
 *
 * <p>Other 4xx answers are never retried. The wait before a retry is the server's {@code
 * Retry-After-Ms} or {@code Retry-After} (seconds or an HTTP date), or the API's own hint in the
 * body, when given and at most {@link #maxRetryAfter()}; a longer requested wait ends the retries
 * so that the caller can decide. Without a hint the wait is exponential: {@link #initialBackoff()}
 * doubling up to {@link #maxBackoff()}, each multiplied by a random factor between 0.75 and 1.
 */
public final class ClientOptions {
  private final HttpUrl baseUrl;
  private final Credentials credentials;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final @Nullable Duration deadline;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final boolean retryInDoubtRequests;
  private final @Nullable String appInfo;
  private final @Nullable OkHttpClient okHttpClient;
  private final @Nullable Executor asyncExecutor;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ClientEventListener eventListener;

  private ClientOptions(Builder builder) {
    // build() has checked both.
    this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl == null");
    this.credentials = Objects.requireNonNull(builder.credentials, "credentials == null");
    this.connectTimeout = builder.connectTimeout;
    this.readTimeout = builder.readTimeout;
    this.writeTimeout = builder.writeTimeout;
    this.callTimeout = builder.callTimeout;
    this.deadline = builder.deadline;
    this.maxRetries = builder.maxRetries;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.maxRetryAfter = builder.maxRetryAfter;
    this.retryInDoubtRequests = builder.retryInDoubtRequests;
    this.appInfo = builder.appInfo;
    this.okHttpClient = builder.okHttpClient;
    this.asyncExecutor = builder.asyncExecutor;
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
    this.eventListener = builder.eventListener;
  }

  /** {@return returns a builder with every default set; base URL and credentials must be given} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return returns a builder that starts from these options} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the API's base URL; request paths are resolved against it} */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** {@return the API's credentials. Their {@code toString()} is redacted} */
  public Credentials credentials() {
    return credentials;
  }

  /** {@return how long to wait for a TCP and TLS connection. Default 10 s} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return how long to wait between bytes of a response. Default 30 s} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return how long to wait between bytes of a request. Default 30 s} */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** {@return the limit for one whole attempt, or {@link Duration#ZERO} for none. Default 60 s} */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** {@return the limit across all attempts and the waits between them, when set. Default none} */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** {@return how many times a failed attempt may be retried. Default 2, so at most 3 attempts} */
  public int maxRetries() {
    return maxRetries;
  }

  /** {@return the wait before the first retry, before jitter. Default 500 ms} */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** {@return the longest wait between retries, before jitter. Default 8 s} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** {@return the longest server-requested wait the client honours before a retry. Default 60 s} */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** {@return whether submissions that may have reached the server are retried. Default true} */
  public boolean retryInDoubtRequests() {
    return retryInDoubtRequests;
  }

  /**
   * {@return text appended to the User-Agent header, such as {@code "my-crm-sync/2.1"}, when set}
   */
  public Optional<String> appInfo() {
    return Optional.ofNullable(appInfo);
  }

  /** {@return the caller's HTTP client that the SDK derives its own from, when given} */
  public Optional<OkHttpClient> okHttpClient() {
    return Optional.ofNullable(okHttpClient);
  }

  /**
   * {@return the executor that runs the continuations of the {@code CompletableFuture} variants and
   * completes their futures, when given}
   */
  public Optional<Executor> asyncExecutor() {
    return Optional.ofNullable(asyncExecutor);
  }

  /** {@return the clock used for deadlines, {@code Retry-After} dates and pacing} */
  public Clock clock() {
    return clock;
  }

  /** {@return what waits between retries and while pacing} */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** {@return the event listener. Default {@link ClientEventListener#NONE}} */
  public ClientEventListener eventListener() {
    return eventListener;
  }

  /** Describes the options; credentials are redacted. */
  @Override
  public String toString() {
    return "ClientOptions{baseUrl="
        + baseUrl
        + ", credentials="
        + credentials
        + ", maxRetries="
        + maxRetries
        + ", deadline="
        + deadline
        + ", retryInDoubtRequests="
        + retryInDoubtRequests
        + '}';
  }

  /** Builds {@link ClientOptions}. Not thread-safe. */
  public static final class Builder {
    private @Nullable HttpUrl baseUrl;
    private @Nullable Credentials credentials;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private @Nullable Duration deadline;
    private int maxRetries = 2;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private boolean retryInDoubtRequests = true;
    private @Nullable String appInfo;
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable Executor asyncExecutor;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private ClientEventListener eventListener = ClientEventListener.NONE;

    Builder() {}

    Builder(ClientOptions options) {
      baseUrl = options.baseUrl;
      credentials = options.credentials;
      connectTimeout = options.connectTimeout;
      readTimeout = options.readTimeout;
      writeTimeout = options.writeTimeout;
      callTimeout = options.callTimeout;
      deadline = options.deadline;
      maxRetries = options.maxRetries;
      initialBackoff = options.initialBackoff;
      maxBackoff = options.maxBackoff;
      maxRetryAfter = options.maxRetryAfter;
      retryInDoubtRequests = options.retryInDoubtRequests;
      appInfo = options.appInfo;
      okHttpClient = options.okHttpClient;
      asyncExecutor = options.asyncExecutor;
      clock = options.clock;
      sleeper = options.sleeper;
      eventListener = options.eventListener;
    }

    /**
     * Sets the API's base URL. It must use {@code https}, except on a loopback host ({@code
     * localhost}, {@code 127.0.0.0/8}, {@code ::1}) where {@code http} is allowed for tests and the
     * local emulator.
     *
     * @param baseUrl such as {@code https://api.example.com}
     * @return this builder
     * @throws IllegalArgumentException if it is not an http(s) URL or is plain http to another host
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      HttpUrl parsed = HttpUrl.parse(baseUrl);
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl is not an http or https URL: " + baseUrl);
      }
      return baseUrl(parsed);
    }

    /**
     * Sets the API's base URL; see {@link #baseUrl(String)}.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      return baseUrl(baseUrl.toString());
    }

    /**
     * Sets the API's base URL; see {@link #baseUrl(String)}.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(HttpUrl baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      if (!baseUrl.isHttps() && !Urls.isLoopbackHost(baseUrl.host())) {
        throw new IllegalArgumentException(
            "baseUrl must use https (plain http is allowed only on loopback hosts): " + baseUrl);
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the credentials; each API client checks that they are its own kind.
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials == null");
      return this;
    }

    /**
     * Sets the connect timeout of each attempt.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), as OkHttp counts
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = DurationLimits.timeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the read timeout (the longest silence while reading a response) of each attempt.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), as OkHttp counts
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = DurationLimits.timeout(timeout, "readTimeout");
      return this;
    }

    /**
     * Sets the write timeout (the longest stall while sending a request) of each attempt.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), as OkHttp counts
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = DurationLimits.timeout(timeout, "writeTimeout");
      return this;
    }

    /**
     * Sets the limit for one whole attempt, from connecting to reading the last byte.
     *
     * @param timeout from 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days), or {@link
     *     Duration#ZERO} for no limit
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = DurationLimits.timeoutOrZero(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets the limit across all attempts of one operation and the waits between them. No retry is
     * scheduled that would start after the deadline, and each attempt's call timeout is cut to the
     * time that is left.
     *
     * @param deadline positive, at most 36,500 days, or {@code null} for none
     * @return this builder
     */
    public Builder deadline(@Nullable Duration deadline) {
      this.deadline = deadline == null ? null : DurationLimits.positiveWait(deadline, "deadline");
      return this;
    }

    /**
     * Sets how many times a failed attempt may be retried.
     *
     * @param maxRetries 0 (never retry) to 10
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10: " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the exponential backoff: the first wait and the cap, both before jitter.
     *
     * @param initial positive, at most 36,500 days
     * @param max at least {@code initial}, at most 36,500 days
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      DurationLimits.positiveWait(initial, "initialBackoff");
      DurationLimits.positiveWait(max, "maxBackoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the longest server-requested wait ({@code Retry-After}) that the client honours; a
     * longer one ends the retries and the exception carries the server's value.
     *
     * @param max zero to 36,500 days
     * @return this builder
     */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = DurationLimits.nonNegativeWait(max, "maxRetryAfter");
      return this;
    }

    /**
     * Sets whether a submission that may already have reached the server (a timeout or dropped
     * connection after it was fully sent, or a 5xx other than 503) is sent again. Default true;
     * every attempt carries the same {@code Idempotency-Key}. The Partner API de-duplicates by call
     * id, so this is safe there. The Upload API does not document de-duplication: switch this off
     * if a duplicate batch is worse for you than a {@link RequestInDoubtException}. The bulk
     * importer follows it: with this off, an importer of a client for an API that does not
     * de-duplicate delivers at most once by default and refuses an explicit at-least-once {@code
     * DeliveryMode} (an importer of a de-duplicating API, the Partner API, always sends again,
     * which cannot duplicate a call).
     *
     * @param retry whether to retry in-doubt submissions
     * @return this builder
     */
    public Builder retryInDoubtRequests(boolean retry) {
      this.retryInDoubtRequests = retry;
      return this;
    }

    /**
     * Appends your application's name and version to the User-Agent header.
     *
     * @param appInfo such as {@code "my-crm-sync/2.1"}; printable ASCII
     * @return this builder
     */
    public Builder appInfo(String appInfo) {
      Objects.requireNonNull(appInfo, "appInfo == null");
      if (!appInfo.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("appInfo must be printable ASCII: " + appInfo);
      }
      this.appInfo = appInfo;
      return this;
    }

    /**
     * Sets the HTTP client to derive from, for proxies, TLS settings, interceptors or a shared
     * connection pool. The SDK calls {@link OkHttpClient#newBuilder()} on it, so pools and threads
     * are shared, and closing the SDK client leaves it open.
     *
     * @param client the caller's client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * Sets the executor that runs the continuations of the {@code CompletableFuture} variants
     * ({@code submitAsync}, {@code statusAsync}) and completes their futures, so your dependent
     * stages run there too. The SDK never blocks a thread of it: a pacing wait or a backoff is a
     * task on one timer thread the client owns, and each HTTP attempt runs on OkHttp's dispatcher
     * (configure it through {@link #okHttpClient(OkHttpClient)}); the continuations are short (pick
     * the next step, parse a response), so a single thread serves any number of operations. By
     * default the client creates a pool of 2 daemon threads; it and the timer thread are shut down
     * when the client is closed, and an executor given here is never shut down by the SDK. When it
     * refuses a task, the continuation runs on the thread at hand.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder asyncExecutor(Executor executor) {
      this.asyncExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * Sets the clock, for tests. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets what waits between retries and while pacing, for tests. Default {@link Sleeper#SYSTEM}.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Sets the event listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(ClientEventListener listener) {
      this.eventListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalStateException if the base URL or the credentials are missing
     */
    public ClientOptions build() {
      if (baseUrl == null) throw new IllegalStateException("baseUrl is required");
      if (credentials == null) throw new IllegalStateException("credentials are required");
      return new ClientOptions(this);
    }
  }
}
