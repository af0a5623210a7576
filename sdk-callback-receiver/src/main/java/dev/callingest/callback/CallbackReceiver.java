package dev.callingest.callback;

import dev.callingest.analysis.CallAnalysis;
import dev.callingest.analysis.CallAnalysisParseException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Turns an incoming callback request into a {@link CallbackOutcome}: it checks the method, the
 * content type and the body size (before reading further), verifies authenticity on the raw bytes,
 * parses the {@link CallAnalysis}, checks that a callback URL's call id is the body's, and hands
 * each delivery to your {@link CallbackConsumer} until one consumer has finished it. It depends on
 * no web framework: your adapter builds a {@link CallbackRequest} and writes back {@link
 * CallbackOutcome#statusCode()} (and {@code Retry-After} from {@link
 * CallbackOutcome#retryAfterSeconds()}).
 *
 * <pre>{@code
 * CallbackReceiver receiver = CallbackReceiver.builder()
 *     .verifier(CallbackUrlVerifier.builder().addKey(key).build())
 *     .deliveryStore(JdbcDeliveryStore.create(dataSource))
 *     .build();
 * CallbackOutcome outcome = receiver.handle(request, (deliveryId, analysis) -> crm.save(analysis));
 * response.setStatus(outcome.statusCode());
 * outcome.retryAfterSeconds().ifPresent(seconds -> response.setHeader("Retry-After", seconds));
 * }</pre>
 *
 * <p><b>The guarantee.</b> A 2xx is answered only after a consumer returned for the delivery: here
 * ({@link CallbackOutcome.Kind#ACCEPTED}), or earlier on this or another node sharing the {@link
 * DeliveryStore} ({@link CallbackOutcome.Kind#DUPLICATE}). Before the consumer runs, the receiver
 * takes a lease on the delivery in the store ({@link DeliveryStore#begin}); while a consumer runs,
 * the lease is renewed every third of its {@linkplain Builder#leaseDuration(Duration) duration}; a
 * request for a delivery leased elsewhere waits up to {@link Builder#inProgressWait(Duration)} for
 * the outcome and is then answered 503 with {@code Retry-After}. When the consumer returns, the
 * delivery is recorded as done for as long as its request would still verify (at least the
 * de-duplication TTL); when it throws, the lease is abandoned and the sender's retry is handled at
 * once. When a node dies mid-consumer its lease stops being renewed and expires, and the next retry
 * is handled on any node. So each delivery reaches a consumer at least once, and more than once
 * only after a node died, a lease was lost or the store failed: make your consumer idempotent (an
 * upsert keyed by the call id).
 *
 * <p>Thread-safe; build one and share it. Lease renewals run on a daemon thread of the receiver's
 * own, which exists only while a consumer runs (and for a few seconds after).
 */
public final class CallbackReceiver {
  /** The default body size limit: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /**
   * The default shortest time delivery ids are remembered once done, 24 hours: long enough to catch
   * the sender's retries, which keep the delivery id. A delivery is remembered longer when its
   * request would verify for longer (a capability URL until its expiry plus the skew).
   */
  public static final Duration DEFAULT_DEDUPLICATION_TTL = Duration.ofHours(24);

  /**
   * The default lease, 30 seconds: how long a delivery stays unavailable to other nodes after the
   * node handling it died. A running consumer keeps its lease by renewal, however long it runs.
   */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);

  /**
   * The default longest wait for the outcome of a delivery leased elsewhere, 2 seconds, before
   * answering 503.
   */
  public static final Duration DEFAULT_IN_PROGRESS_WAIT = Duration.ofSeconds(2);

  /** How often the store is asked again while waiting for a delivery leased elsewhere. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private static final System.Logger LOG = System.getLogger(CallbackReceiver.class.getName());

  /** Waits; tests pass one that moves a fake clock instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final CallbackVerifier verifier;
  private final DeliveryStore store;
  private final Duration ttl;
  private final int maxBodyBytes;
  private final Clock clock;
  private final Duration lease;
  private final Duration inProgressWait;
  private final Sleeper sleeper;
  private final ScheduledThreadPoolExecutor renewals;

  private CallbackReceiver(Builder builder, DeliveryStore store) {
    // build() has checked the verifier.
    this.verifier = Objects.requireNonNull(builder.verifier, "verifier == null");
    this.store = store;
    this.ttl = builder.ttl;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.clock = verifier.clock();
    this.lease = builder.lease;
    this.inProgressWait = builder.inProgressWait;
    this.sleeper = builder.sleeper;
    this.renewals =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "callingest-callback-lease-renewal");
              thread.setDaemon(true);
              return thread;
            });
    renewals.setKeepAliveTime(10, TimeUnit.SECONDS);
    renewals.allowCoreThreadTimeOut(true);
    renewals.setRemoveOnCancelPolicy(true);
  }

  /**
   * Receives a request and, when it is authentic, new and not leased elsewhere, runs your consumer
   * under a lease, then records the delivery as done.
   *
   * <ul>
   *   <li>the consumer returned: {@link CallbackOutcome.Kind#ACCEPTED} (200);
   *   <li>it threw: {@link CallbackOutcome.Kind#FAILED} (500) with what it threw; the lease is
   *       abandoned so that the sender's retry runs the consumer again (a store failure while
   *       abandoning is attached to the consumer's exception as suppressed);
   *   <li>it returned but the store failed to record it: {@link CallbackOutcome.Kind#FAILED} (500)
   *       with the store's exception; the retry is handled again once the lease expires;
   *   <li>a consumer already finished this delivery: {@link CallbackOutcome.Kind#DUPLICATE} (200),
   *       without calling yours;
   *   <li>another lease holds it for longer than {@link Builder#inProgressWait(Duration)}: {@link
   *       CallbackOutcome.Kind#IN_PROGRESS} (503, {@code Retry-After}).
   * </ul>
   *
   * <p>An {@link Error} from the consumer abandons the lease and is rethrown. The consumer is never
   * called under a lock of the receiver's.
   *
   * @param request the request
   * @param consumer your handling of a new, authentic callback
   * @return the outcome and the status to answer with
   * @throws DeliveryStoreException (or what your store throws) when the store fails before the
   *     consumer runs: answer 5xx, the sender retries
   */
  public CallbackOutcome handle(CallbackRequest request, CallbackConsumer consumer) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(consumer, "consumer == null");
    Object checked = receive(request);
    if (checked instanceof CallbackOutcome rejected) return rejected;
    Received received = (Received) checked;
    String deliveryId = received.deliveryId;
    CallAnalysis analysis = received.analysis;
    String owner = UUID.randomUUID().toString();
    DeliveryStore.Begin begin = beginOrWait(deliveryId, owner);
    if (begin == DeliveryStore.Begin.DONE) return CallbackOutcome.duplicate(deliveryId, analysis);
    if (begin == DeliveryStore.Begin.IN_PROGRESS) {
      return CallbackOutcome.inProgress(deliveryId, analysis, lease);
    }
    Future<?> renewal = scheduleRenewal(deliveryId, owner);
    try {
      consumer.accept(deliveryId, analysis);
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      renewal.cancel(false);
      abandonKeeping(deliveryId, owner, e);
      return CallbackOutcome.failed(deliveryId, analysis, e);
    } catch (Error e) {
      renewal.cancel(false);
      abandonKeeping(deliveryId, owner, e);
      throw e;
    }
    renewal.cancel(false);
    try {
      Duration doneTtl = rememberFor(received.verification);
      if (!store.complete(deliveryId, owner, doneTtl)) recordAfterLostLease(deliveryId, doneTtl);
    } catch (RuntimeException e) {
      return CallbackOutcome.notRecorded(deliveryId, analysis, e);
    }
    return CallbackOutcome.accepted(deliveryId, analysis);
  }

  /**
   * Takes the lease or, while another owner holds it, asks again every {@link #POLL_INTERVAL} until
   * {@code inProgressWait} has passed: the other consumer may finish (a duplicate), fail (ours to
   * handle) or lose its lease (ours to handle) meanwhile. An interrupt ends the wait and is kept.
   */
  private DeliveryStore.Begin beginOrWait(String deliveryId, String owner) {
    DeliveryStore.Begin begin = store.begin(deliveryId, owner, lease);
    Instant deadline = clock.instant().plus(inProgressWait);
    while (begin == DeliveryStore.Begin.IN_PROGRESS) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) break;
      try {
        sleeper.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      begin = store.begin(deliveryId, owner, lease);
    }
    return begin;
  }

  /** Renews the lease every third of its duration until cancelled or lost. */
  private Future<?> scheduleRenewal(String deliveryId, String owner) {
    long period = Math.max(1, lease.toMillis() / 3);
    return renewals.scheduleWithFixedDelay(
        () -> renew(deliveryId, owner), period, period, TimeUnit.MILLISECONDS);
  }

  private void renew(String deliveryId, String owner) {
    boolean renewed;
    try {
      renewed = store.renew(deliveryId, owner, lease);
    } catch (RuntimeException e) {
      // Try again at the next period: the lease may still be ours.
      LOG.log(
          System.Logger.Level.WARNING,
          "callback "
              + deliveryId
              + ": could not renew the lease; another node may take the delivery over",
          e);
      return;
    }
    if (!renewed) {
      LOG.log(
          System.Logger.Level.WARNING,
          "callback {0}: the lease was lost while the consumer"
              + " ran; another node may run the delivery too",
          deliveryId);
      // Ends the periodic task: an exception suppresses its later runs.
      throw new CancellationException("lease lost");
    }
  }

  /** Abandons the lease after a consumer failure, never losing that failure. */
  private void abandonKeeping(String deliveryId, String owner, Throwable failure) {
    try {
      store.abandon(deliveryId, owner);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The consumer finished but our lease was gone: it expired (a long pause, the store unreachable
   * for renewals) and was purged or taken over. Record it as done under a new lease when the id is
   * free, so that replays are still refused; when another lease holds it, its holder records it.
   */
  private void recordAfterLostLease(String deliveryId, Duration doneTtl) {
    LOG.log(
        System.Logger.Level.WARNING,
        "callback {0}: the lease expired before the consumer"
            + " finished; another node may run the delivery too",
        deliveryId);
    String owner = UUID.randomUUID().toString();
    if (store.begin(deliveryId, owner, lease) == DeliveryStore.Begin.STARTED) {
      store.complete(deliveryId, owner, doneTtl);
    }
  }

  /** An authentic, parsed delivery. */
  private static final class Received {
    final String deliveryId;
    final CallAnalysis analysis;
    final Verification verification;

    Received(String deliveryId, CallAnalysis analysis, Verification verification) {
      this.deliveryId = deliveryId;
      this.analysis = analysis;
      this.verification = verification;
    }
  }

  /**
   * Verifies and parses a request, without touching the store or running any code of yours: a
   * {@link Received}, or the {@link CallbackOutcome} that rejects it.
   */
  private Object receive(CallbackRequest request) {
    if (!request.method().equalsIgnoreCase("POST")) {
      return CallbackOutcome.rejected(405, "method " + request.method() + " is not POST");
    }
    Optional<String> contentType = request.header("content-type");
    if (contentType.isPresent() && !isJson(contentType.get())) {
      return CallbackOutcome.rejected(415, "content type is not JSON");
    }
    byte[] body;
    try {
      body = readBody(request);
    } catch (IOException e) {
      return CallbackOutcome.rejected(400, "the body could not be read: " + e.getClass().getName());
    }
    if (body == null) {
      return CallbackOutcome.rejected(
          413, "body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    Verification verification = verifier.verify(request, body);
    if (!verification.authentic) {
      return CallbackOutcome.rejected(verification.status, verification.reason);
    }
    CallAnalysis analysis;
    try {
      analysis = CallAnalysis.fromJson(body);
    } catch (CallAnalysisParseException e) {
      return CallbackOutcome.rejected(400, String.valueOf(e.getMessage()));
    }
    if (verification.requiredCallId != null
        && !verification.requiredCallId.equals(analysis.callId())) {
      return CallbackOutcome.rejected(
          401, "body call_id differs from the call id the URL was signed for");
    }
    String deliveryId =
        verification.deliveryId != null ? verification.deliveryId : analysis.callId();
    return new Received(deliveryId, analysis, verification);
  }

  /**
   * The TTL, or longer: until one second past the last instant the same request would verify, by
   * the verifier's clock.
   */
  private Duration rememberFor(Verification verification) {
    if (verification.acceptedUntil == null) return ttl;
    Duration untilUnverifiable =
        Duration.between(clock.instant(), verification.acceptedUntil).plusSeconds(1);
    return untilUnverifiable.compareTo(ttl) > 0 ? untilUnverifiable : ttl;
  }

  /** The body, or null when it is larger than the limit; never reads more than limit + 1 bytes. */
  private byte @Nullable [] readBody(CallbackRequest request) throws IOException {
    byte[] bytes = request.bodyBytes();
    if (bytes != null) return bytes.length > maxBodyBytes ? null : bytes;
    if (request.declaredLength() > maxBodyBytes) return null;
    InputStream in = request.bodyStream();
    byte[] read = in.readNBytes(maxBodyBytes + 1);
    return read.length > maxBodyBytes ? null : read;
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  @Override
  public String toString() {
    return "CallbackReceiver{verifier="
        + verifier
        + ", store="
        + store
        + ", ttl="
        + ttl
        + ", replayWindow="
        + verifier.replayWindow()
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", lease="
        + lease
        + ", inProgressWait="
        + inProgressWait
        + "}";
  }

  /**
   * Starts a builder; the verifier is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CallbackReceiver}. */
  public static final class Builder {
    private @Nullable CallbackVerifier verifier;
    private @Nullable DeliveryStore store;
    private Duration ttl = DEFAULT_DEDUPLICATION_TTL;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration lease = DEFAULT_LEASE_DURATION;
    private Duration inProgressWait = DEFAULT_IN_PROGRESS_WAIT;
    private Sleeper sleeper = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

    Builder() {}

    /**
     * Sets how requests are authenticated. Required: there is no default scheme.
     *
     * @param verifier a {@link CallbackUrlVerifier}, a {@link StandardWebhooksVerifier} or the
     *     insecure development verifier
     * @return this builder
     */
    public Builder verifier(CallbackVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier == null");
      return this;
    }

    /**
     * Sets where deliveries' leases and completions are kept.
     *
     * @param store a shared store for several nodes; default a new {@link InMemoryDeliveryStore}
     * @return this builder
     */
    public Builder deliveryStore(DeliveryStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * Sets the shortest time delivery ids are remembered. Each delivery is remembered for this long
     * or until its request would no longer verify, whichever is later.
     *
     * @param ttl positive; default 24 hours
     * @return this builder
     */
    public Builder deduplicationTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl == null");
      if (ttl.isNegative() || ttl.isZero())
        throw new IllegalArgumentException("ttl must be positive");
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets the lease a delivery is handled under. It is how long a delivery stays unavailable after
     * the node handling it died (its retries are answered 503 until then), not a limit on your
     * consumer: while the consumer runs, the lease is renewed every third of this duration. Raise
     * it when the store or the network can pause for longer than two thirds of it (a renewal that
     * comes too late lets another node run the delivery too); lower it to hand a dead node's
     * deliveries over sooner. It is also the {@code Retry-After} of a 503.
     *
     * @param lease at least 1 second; default 30 seconds
     * @return this builder
     */
    public Builder leaseDuration(Duration lease) {
      Objects.requireNonNull(lease, "lease == null");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("lease must be at least 1 second");
      }
      this.lease = lease;
      return this;
    }

    /**
     * Sets how long a request for a delivery that another lease holds waits for its outcome before
     * it is answered 503: while it waits, the store is asked again every 200 ms, and when the other
     * consumer finishes the request is answered 200 as a duplicate, when it fails or its lease
     * expires this request's consumer runs. Keep it well below the sender's timeout.
     *
     * @param wait zero (answer 503 at once) to 1 minute; default 2 seconds
     * @return this builder
     */
    public Builder inProgressWait(Duration wait) {
      Objects.requireNonNull(wait, "wait == null");
      if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("inProgressWait must be from zero to 1 minute");
      }
      this.inProgressWait = wait;
      return this;
    }

    /** For tests: how waits are made. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Sets the largest body accepted; a larger one is refused with 413 before it is read.
     *
     * @param maxBodyBytes from 1 byte to 64 MiB; default 1 MiB
     * @return this builder
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be from 1 to 67108864");
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Builds the receiver.
     *
     * @return the receiver
     * @throws IllegalStateException when no verifier was set
     * @throws IllegalArgumentException when the store's {@link DeliveryStore#retention()} is
     *     shorter than the verifier's {@link CallbackVerifier#replayWindow()} or the de-duplication
     *     TTL
     */
    public CallbackReceiver build() {
      if (verifier == null) {
        throw new IllegalStateException(
            "verifier is required: choose a verification scheme explicitly");
      }
      DeliveryStore store = this.store != null ? this.store : InMemoryDeliveryStore.create();
      Duration retention = store.retention();
      Duration window = verifier.replayWindow();
      if (retention.compareTo(window) < 0) {
        throw new IllegalArgumentException(
            "the delivery store keeps deliveries for "
                + retention
                + ", less than the verifier's replay"
                + " window of "
                + window
                + ": a replayed request could be handled twice");
      }
      if (retention.compareTo(ttl) < 0) {
        throw new IllegalArgumentException(
            "the delivery store keeps deliveries for "
                + retention
                + ", less than deduplicationTtl "
                + ttl);
      }
      return new CallbackReceiver(this, store);
    }
  }
}
