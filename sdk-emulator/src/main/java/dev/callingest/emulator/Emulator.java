package dev.callingest.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A local emulator of both APIs on the loopback interface, for tests, samples and trying code
 * without keys or network.
 *
 * <p>One HTTP server answers the Upload API under {@link #uploadBaseUrl()} ({@code POST
 * /v1/calls/batch-upload}, {@code GET /v1/calls/batch-upload/{batch_id}}) and the Partner API under
 * {@link #partnerBaseUrl()} ({@code POST /partner/ingest/batch-call}), with the documents' headers,
 * authentication, limits and error bodies. It validates requests with its own rules, written from
 * the documents, so that it can catch client bugs. Upload batches move through the call stages on
 * the configured timings; Partner items are answered by a callback to their {@code callback_url},
 * signed when a Standard Webhooks secret is configured. It also serves generated audio under {@code
 * /audio/}: {@code GET /audio/NAME.wav} answers a one-second WAV tone for any name; {@code HEAD}
 * and {@code Range} requests are answered as file hosts answer them.
 *
 * <p>What it received is visible through {@link #batches()}, {@link #partnerItems()}, {@link
 * #callbackAttempts()} and {@link #requests()}. Instances are thread-safe; {@link #close()} stops
 * the server and every thread the emulator started.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().build().start()) {
 *   String uploadBaseUrl = emulator.uploadBaseUrl();   // http://127.0.0.1:PORT
 *   String partnerBaseUrl = emulator.partnerBaseUrl(); // http://127.0.0.1:PORT/api/v1
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
  static final String UPLOAD_PREFIX = "/v1/calls/batch-upload";
  static final String PARTNER_PATH = "/api/v1/partner/ingest/batch-call";
  static final String AUDIO_PREFIX = "/audio/";

  /** Bodies longer than this are not read at all: the connection is closed. */
  private static final int MAX_READ_BYTES = 16 * 1024 * 1024;

  final Settings settings;
  final Clock clock;

  /** Guards all mutable state of the emulator and its two APIs; notified on every change. */
  final Object lock = new Object();

  private final UploadApi upload;
  private final PartnerApi partner;
  private final Random faultRandom;
  private final List<RequestRecord> requests = new ArrayList<>();
  private final Map<String, byte[]> audioFiles = new ConcurrentHashMap<>();

  // Set by start(), under this object's lock; null before.
  private @Nullable HttpServer server;
  private @Nullable ExecutorService httpExecutor;
  private @Nullable ExecutorService ioExecutor;
  @Nullable ScheduledExecutorService scheduler;
  @Nullable HttpClient httpClient;
  private volatile boolean closed;

  private Emulator(Builder builder) {
    this.settings = new Settings(builder);
    this.clock = builder.clock;
    this.audioFiles.putAll(builder.audioFiles);
    this.faultRandom = settings.faults.newRandom();
    this.upload = new UploadApi(this);
    this.partner = new PartnerApi(this);
  }

  /**
   * Starts configuring an emulator.
   *
   * @return a builder with the defaults listed on {@link Builder}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the loopback port and starts answering.
   *
   * @return this emulator
   * @throws UncheckedIOException when the port cannot be bound
   * @throws IllegalStateException when already started or closed
   */
  public Emulator start() {
    synchronized (lock) {
      if (server != null || closed) {
        throw new IllegalStateException("an emulator starts once");
      }
      try {
        server =
            HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 64);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind loopback port " + settings.port, e);
      }
      httpExecutor = Executors.newFixedThreadPool(8, daemonThreads("callingest-emulator-http"));
      ioExecutor = Executors.newFixedThreadPool(4, daemonThreads("callingest-emulator-io"));
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, daemonThreads("callingest-emulator-timer"));
      timer.setRemoveOnCancelPolicy(true);
      timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      scheduler = timer;
      httpClient =
          HttpClient.newBuilder()
              .executor(ioExecutor)
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      server.setExecutor(httpExecutor);
      server.createContext("/", this::handle);
      server.start();
      return this;
    }
  }

  /**
   * Returns the port the emulator listens on.
   *
   * @return the bound port
   * @throws IllegalStateException before {@link #start()}
   */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("start() the emulator first");
    }
    return s.getAddress().getPort();
  }

  /**
   * Returns the Upload API base URL, to which the client appends {@code /v1/calls/batch-upload}.
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public String uploadBaseUrl() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
  }

  /**
   * Returns the Partner API base URL, to which the client appends {@code
   * /partner/ingest/batch-call}.
   *
   * @return {@code http://127.0.0.1:PORT/api/v1}
   */
  public String partnerBaseUrl() {
    return uploadBaseUrl() + "/api/v1";
  }

  /**
   * Returns a URL at which the emulator serves an audio file: a file given to {@link
   * Builder#audioFile} or {@link #putAudioFile}, or for any name ending in {@code .wav} a generated
   * one-second tone.
   *
   * @param name a file name such as {@code call-1.wav}
   * @return {@code http://127.0.0.1:PORT/audio/NAME}
   */
  public String audioUrl(String name) {
    Objects.requireNonNull(name, "name == null");
    return uploadBaseUrl() + AUDIO_PREFIX + name;
  }

  /**
   * Serves {@code bytes} at {@link #audioUrl(String) audioUrl(name)} from now on, whatever they
   * hold (serve text to see a call fail its format check).
   *
   * @param name the file name, without slashes
   * @param bytes the file's content
   */
  public void putAudioFile(String name, byte[] bytes) {
    audioFiles.put(checkName(name), bytes.clone());
  }

  /**
   * Returns the Upload API key the emulator accepts ({@code Authorization: Bearer KEY}).
   *
   * @return the key
   */
  public String uploadApiKey() {
    return settings.uploadApiKey;
  }

  /**
   * Returns the Partner API credentials the emulator accepts.
   *
   * @return {@code x-api-key}, {@code x-api-secret}, {@code x-tenant-id} and {@code
   *     x-sub-tenant-id} values, in that order
   */
  public List<String> partnerCredentials() {
    return List.of(
        settings.partnerApiKey, settings.partnerApiSecret, settings.tenantId, settings.subTenantId);
  }

  /**
   * Returns the Standard Webhooks secret callbacks are signed with.
   *
   * @return the {@code whsec_} secret, or empty when callbacks are not signed
   */
  public Optional<String> webhookSecret() {
    return Optional.ofNullable(settings.webhookSecret);
  }

  /**
   * Returns every accepted Upload API batch, oldest first.
   *
   * @return snapshots taken now
   */
  public List<ReceivedBatch> batches() {
    return upload.snapshots();
  }

  /**
   * Returns one accepted Upload API batch.
   *
   * @param batchId the id from the submission's answer
   * @return a snapshot taken now, or empty when there is no such batch
   */
  public Optional<ReceivedBatch> batch(String batchId) {
    return upload.snapshot(batchId);
  }

  /**
   * Returns every accepted Partner API item by call id, in the order first received.
   *
   * @return snapshots taken now
   */
  public Map<String, PartnerItem> partnerItems() {
    return partner.snapshots();
  }

  /**
   * Returns every callback delivery attempt so far, in the order they finished.
   *
   * @return a copy
   */
  public List<CallbackAttempt> callbackAttempts() {
    return partner.attempts();
  }

  /**
   * Returns every API request received so far (audio downloads excluded), in arrival order.
   *
   * @return a copy
   */
  public List<RequestRecord> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * Waits until every Upload batch is terminal and every Partner item is final (delivered, given
   * up, or processed without callback).
   *
   * @param timeout the longest wait
   * @return true when idle, false when the timeout passed first
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!(upload.isIdle() && partner.isIdle())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Stops the server, the timers and the delivery threads. Pending work is dropped. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
    }
    HttpServer s = server;
    if (s != null) {
      s.stop(0);
      // start() sets the executors together with the server.
      Objects.requireNonNull(scheduler).shutdownNow();
      Objects.requireNonNull(httpExecutor).shutdownNow();
      Objects.requireNonNull(ioExecutor).shutdownNow();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Call with the lock held after changing state. */
  void changed() {
    lock.notifyAll();
  }

  /** The client for outgoing requests (audio downloads, callbacks); set by start(). */
  HttpClient httpClient() {
    return Objects.requireNonNull(httpClient, "the emulator is not started");
  }

  /** Runs {@code task} after {@code delay} unless the emulator closed meanwhile. */
  void schedule(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    try {
      Objects.requireNonNull(scheduler, "the emulator is not started")
          .schedule(
              () -> {
                if (!closed) {
                  task.run();
                }
              },
              Math.max(0, delay.toNanos()),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed concurrently
    }
  }

  static String randomId(String prefix, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder id = new StringBuilder(prefix);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        return; // too large to read: closing without an answer
      }
      Request request = new Request(method, path, exchange.getRequestHeaders(), body);
      if (path.startsWith(AUDIO_PREFIX)) {
        send(exchange, serveAudio(request));
        return;
      }
      boolean isPartner = path.equals(PARTNER_PATH) || path.startsWith("/api/");
      Instant at = clock.instant();
      Fault fault = drawFault();
      Reply reply;
      if (fault == Fault.SERVER_ERROR) {
        reply = isPartner ? PartnerApi.serverError() : UploadApi.serverError();
      } else if (fault == Fault.RATE_LIMITED) {
        reply =
            isPartner ? PartnerApi.rateLimited(1) : UploadApi.rateLimited(1, "Too many requests");
      } else if (fault == Fault.DROP_CONNECTION) {
        log(at, method, path, 0, fault);
        return; // closing the exchange before answering closes the connection
      } else {
        if (fault == Fault.SLOW) {
          Thread.sleep(settings.faults.slowDelay().toMillis());
        }
        reply = isPartner ? partner.handle(request) : upload.handle(request);
        if (fault == Fault.DROP_AFTER_PROCESSING) {
          log(at, method, path, 0, fault);
          return;
        }
      }
      log(at, method, path, reply.status, fault);
      send(exchange, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(
          exchange,
          Reply.json(500, Json.obj("success", false, "message", "Internal server error")));
    } finally {
      exchange.close(); // before any answer was sent, this closes the connection: a dropped request
    }
  }

  private @Nullable Fault drawFault() {
    if (!settings.faults.isEnabled()) {
      return null;
    }
    synchronized (faultRandom) {
      return settings.faults.pick(faultRandom.nextDouble());
    }
  }

  private void log(Instant at, String method, String path, int status, @Nullable Fault fault) {
    synchronized (lock) {
      requests.add(new RequestRecord(at, method, path, status, Optional.ofNullable(fault)));
      changed();
    }
  }

  private Reply serveAudio(Request request) {
    String name = request.path.substring(AUDIO_PREFIX.length());
    if (!request.method.equals("GET") && !request.method.equals("HEAD")) {
      return Reply.bytes(405, "text/plain", "Method Not Allowed".getBytes()).header("Allow", "GET");
    }
    byte[] file = audioFiles.get(name);
    if (file == null && name.endsWith(".wav") && !name.contains("/")) {
      file = WavTone.sample();
    }
    if (file == null) {
      return Reply.bytes(404, "text/plain", "Not Found".getBytes());
    }
    return AudioServing.serve(request, file, contentType(name));
  }

  private static String contentType(String name) {
    if (name.endsWith(".wav")) {
      return "audio/wav";
    } else if (name.endsWith(".mp3")) {
      return "audio/mpeg";
    } else if (name.endsWith(".m4a") || name.endsWith(".mp4")) {
      return "audio/mp4";
    } else if (name.endsWith(".aac")) {
      return "audio/aac";
    }
    return "application/octet-stream";
  }

  private static byte @Nullable [] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_READ_BYTES + 1);
    return body.length > MAX_READ_BYTES ? null : body;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("X-Request-Id", randomId("req_", 16));
    reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(
        reply.status, head || reply.body.length == 0 ? -1 : reply.body.length);
    if (!head && reply.body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body);
      }
    }
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("audio file name must be non-empty without '/': " + name);
    }
    return name;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The immutable configuration, read by the two API implementations. */
  static final class Settings {
    final int port;
    final String uploadApiKey;
    final String partnerApiKey;
    final String partnerApiSecret;
    final String tenantId;
    final String subTenantId;
    final Map<UploadStage, Duration> stages;
    final Duration callStagger;
    final boolean inFlightAsProcessing;
    final Duration callbackDelay;
    final Duration callbackBackoff;
    final @Nullable String webhookSecret;
    final @Nullable WebhookSigner signer;
    final int batchesPerHour;
    final int callsPerHour;
    final int concurrentBatches;
    final int partnerRequestsPerMinute;
    final FaultInjection faults;

    Settings(Builder b) {
      port = b.port;
      uploadApiKey = b.uploadApiKey;
      partnerApiKey = b.partnerApiKey;
      partnerApiSecret = b.partnerApiSecret;
      tenantId = b.tenantId;
      subTenantId = b.subTenantId;
      stages = new EnumMap<>(b.stages);
      callStagger = b.callStagger;
      inFlightAsProcessing = b.inFlightAsProcessing;
      callbackDelay = b.callbackDelay;
      callbackBackoff = b.callbackBackoff;
      webhookSecret = b.webhookSecret;
      signer = b.webhookSecret == null ? null : WebhookSigner.of(b.webhookSecret);
      batchesPerHour = b.batchesPerHour;
      callsPerHour = b.callsPerHour;
      concurrentBatches = b.concurrentBatches;
      partnerRequestsPerMinute = b.partnerRequestsPerMinute;
      faults = b.faults;
    }
  }

  /**
   * Configures an {@link Emulator}. Defaults: an OS-chosen port; Upload key {@code
   * emulator-upload-key}; Partner key {@code emulator-api-key}, secret {@code emulator-api-secret},
   * tenant {@code tenant1}, sub-tenant {@code subtenant1}; stages pending 200 ms, downloading 500
   * ms, transcribing 1 s, analyzing 500 ms; no stagger; callback delay 1 s; callback retry backoff
   * 1 s (doubling); no webhook secret; the Upload API's documented limits (100 batches and 10,000
   * calls an hour, 10 concurrent batches); 600 Partner requests a minute; no faults; the system UTC
   * clock.
   */
  public static final class Builder {
    private int port;
    private String uploadApiKey = "emulator-upload-key";
    private String partnerApiKey = "emulator-api-key";
    private String partnerApiSecret = "emulator-api-secret";
    private String tenantId = "tenant1";
    private String subTenantId = "subtenant1";
    private final Map<UploadStage, Duration> stages =
        new EnumMap<>(
            Map.of(
                UploadStage.PENDING, Duration.ofMillis(200),
                UploadStage.DOWNLOADING, Duration.ofMillis(500),
                UploadStage.TRANSCRIBING, Duration.ofSeconds(1),
                UploadStage.ANALYZING, Duration.ofMillis(500)));
    private Duration callStagger = Duration.ZERO;
    private boolean inFlightAsProcessing;
    private Duration callbackDelay = Duration.ofSeconds(1);
    private Duration callbackBackoff = Duration.ofSeconds(1);
    private @Nullable String webhookSecret;
    private int batchesPerHour = 100;
    private int callsPerHour = 10_000;
    private int concurrentBatches = 10;
    private int partnerRequestsPerMinute = 600;
    private FaultInjection faults = FaultInjection.none();
    private Clock clock = Clock.systemUTC();
    private final Map<String, byte[]> audioFiles = new ConcurrentHashMap<>();

    private Builder() {}

    /**
     * Sets the loopback port.
     *
     * @param port 0 (the default) lets the OS choose; else 1 to 65535
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the one Upload API key accepted in {@code Authorization: Bearer KEY}.
     *
     * @param key a non-blank key
     * @return this builder
     */
    public Builder uploadApiKey(String key) {
      this.uploadApiKey = nonBlank(key, "key");
      return this;
    }

    /**
     * Sets the one set of Partner API credentials accepted.
     *
     * @param apiKey the {@code x-api-key} value
     * @param apiSecret the {@code x-api-secret} value
     * @param tenantId the {@code x-tenant-id} value
     * @param subTenantId the {@code x-sub-tenant-id} value
     * @return this builder
     */
    public Builder partnerCredentials(
        String apiKey, String apiSecret, String tenantId, String subTenantId) {
      this.partnerApiKey = nonBlank(apiKey, "apiKey");
      this.partnerApiSecret = nonBlank(apiSecret, "apiSecret");
      this.tenantId = nonBlank(tenantId, "tenantId");
      this.subTenantId = nonBlank(subTenantId, "subTenantId");
      return this;
    }

    /**
     * Sets how long every Upload API call stays in one stage.
     *
     * @param stage the stage
     * @param duration zero or more
     * @return this builder
     */
    public Builder stageDuration(UploadStage stage, Duration duration) {
      Objects.requireNonNull(stage, "stage == null");
      stages.put(stage, nonNegative(duration, "duration"));
      return this;
    }

    /**
     * Sets the same duration for every Upload API stage (handy in tests: a few milliseconds).
     *
     * @param duration zero or more
     * @return this builder
     */
    public Builder allStages(Duration duration) {
      for (UploadStage stage : UploadStage.values()) {
        stageDuration(stage, duration);
      }
      return this;
    }

    /**
     * Delays the start of each call of a batch by its index times {@code stagger}, so that calls
     * finish one after the other (a progress bar then moves in steps).
     *
     * @param stagger zero (the default) or more
     * @return this builder
     */
    public Builder callStagger(Duration stagger) {
      this.callStagger = nonNegative(stagger, "stagger");
      return this;
    }

    /**
     * Reports calls that are downloading, transcribing or analyzing as {@code "status":
     * "processing"} with the stage in {@code progress}, the way the document's status sample does,
     * instead of the stage itself as {@code status} (the default; {@code progress} is sent too).
     *
     * @param enabled true to use the sample's form
     * @return this builder
     */
    public Builder reportInFlightCallsAsProcessing(boolean enabled) {
      this.inFlightAsProcessing = enabled;
      return this;
    }

    /**
     * Sets how long after acceptance a Partner API item's analysis is ready and its callback sent.
     *
     * @param delay zero or more
     * @return this builder
     */
    public Builder callbackDelay(Duration delay) {
      this.callbackDelay = nonNegative(delay, "delay");
      return this;
    }

    /**
     * Sets the wait before the first callback retry; later retries wait twice as long as the one
     * before (three retries at most, so four attempts).
     *
     * @param base zero or more
     * @return this builder
     */
    public Builder callbackRetryBackoff(Duration base) {
      this.callbackBackoff = nonNegative(base, "base");
      return this;
    }

    /**
     * Signs callbacks with Standard Webhooks headers ({@code webhook-id}, {@code
     * webhook-timestamp}, {@code webhook-signature}).
     *
     * @param secret {@code whsec_} and base64, or null for unsigned callbacks (the default)
     * @return this builder
     * @throws IllegalArgumentException when the secret is malformed
     */
    public Builder webhookSecret(String secret) {
      if (secret != null) {
        WebhookSigner.of(secret);
      }
      this.webhookSecret = secret;
      return this;
    }

    /**
     * Sets the Upload API's rate limits.
     *
     * @param batchesPerHour accepted batches in any sliding hour, at least 1
     * @param callsPerHour accepted calls in any sliding hour, at least 1
     * @param concurrentBatches batches not yet completed, partial or failed, at least 1
     * @return this builder
     */
    public Builder uploadLimits(int batchesPerHour, int callsPerHour, int concurrentBatches) {
      this.batchesPerHour = positive(batchesPerHour, "batchesPerHour");
      this.callsPerHour = positive(callsPerHour, "callsPerHour");
      this.concurrentBatches = positive(concurrentBatches, "concurrentBatches");
      return this;
    }

    /**
     * Sets the Partner API's rate limit (its document gives none).
     *
     * @param requestsPerMinute authenticated requests in any sliding minute; 0 for no limit
     * @return this builder
     */
    public Builder partnerRequestsPerMinute(int requestsPerMinute) {
      if (requestsPerMinute < 0) {
        throw new IllegalArgumentException("requestsPerMinute must be >= 0: " + requestsPerMinute);
      }
      this.partnerRequestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * Injects faults into a fraction of API requests.
     *
     * @param faults the rates and seed
     * @return this builder
     */
    public Builder faults(FaultInjection faults) {
      this.faults = Objects.requireNonNull(faults, "faults == null");
      return this;
    }

    /**
     * Sets the clock for timestamps and rate-limit windows. Stage timings and delays always run on
     * real time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Serves a file at {@code /audio/NAME}.
     *
     * @param name a file name without slashes
     * @param bytes the content
     * @return this builder
     */
    public Builder audioFile(String name, byte[] bytes) {
      audioFiles.put(checkName(name), Objects.requireNonNull(bytes, "bytes == null").clone());
      return this;
    }

    /**
     * Builds the emulator; call {@link Emulator#start()} next.
     *
     * @return a new, not yet started emulator
     */
    public Emulator build() {
      return new Emulator(this);
    }

    private static String nonBlank(String value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    private static Duration nonNegative(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + value);
      }
      return value;
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1: " + value);
      }
      return value;
    }
  }
}
