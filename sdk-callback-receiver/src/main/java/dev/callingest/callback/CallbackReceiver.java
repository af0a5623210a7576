package dev.callingest.callback;

import dev.callingest.analysis.CallAnalysis;
import dev.callingest.analysis.CallAnalysisParseException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns an incoming callback request into a {@link CallbackOutcome}: it checks the method, the
 * content type and the body size (before reading further), verifies authenticity on the raw bytes,
 * parses the {@link CallAnalysis}, checks that a callback URL's call id is the body's, and drops
 * deliveries it has already seen, remembering each one at least as long as its request would still
 * verify. It depends on no web framework: your adapter builds a {@link
 * CallbackRequest} and writes back {@link CallbackOutcome#statusCode()}.
 *
 * <pre>{@code
 * CallbackReceiver receiver = CallbackReceiver.builder()
 *     .verifier(CallbackUrlVerifier.builder().addKey(key).build())
 *     .build();
 * CallbackOutcome outcome = receiver.handle(request, (deliveryId, analysis) -> crm.save(analysis));
 * response.setStatus(outcome.statusCode());
 * }</pre>
 *
 * <p>Thread-safe; build one and share it.
 */
public final class CallbackReceiver {
  /** The default body size limit: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /**
   * The default shortest time delivery ids are remembered, 24 hours: long enough to catch the
   * sender's retries, which keep the delivery id. A delivery is remembered longer when its request
   * would verify for longer (a capability URL until its expiry plus the skew).
   */
  public static final Duration DEFAULT_DEDUPLICATION_TTL = Duration.ofHours(24);

  private final CallbackVerifier verifier;
  private final DeliveryStore store;
  private final Duration ttl;
  private final int maxBodyBytes;
  private final Clock clock;

  private CallbackReceiver(Builder builder, DeliveryStore store) {
    // build() has checked the verifier.
    this.verifier = Objects.requireNonNull(builder.verifier, "verifier == null");
    this.store = store;
    this.ttl = builder.ttl;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.clock = verifier.clock();
  }

  /**
   * Verifies, parses and de-duplicates a request without running any code of yours. When the
   * outcome is accepted, its delivery id is recorded as seen: if your handling then fails, call
   * {@link #release(String)} so that the sender's retry is handled. {@link #handle} does that for
   * you.
   *
   * @param request the request
   * @return the outcome and the status to answer with
   */
  public CallbackOutcome receive(CallbackRequest request) {
    Objects.requireNonNull(request, "request == null");
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
      return CallbackOutcome.rejected(413, "body is larger than the limit of " + maxBodyBytes + " bytes");
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
      return CallbackOutcome.rejected(401, "body call_id differs from the call id the URL was signed for");
    }
    String deliveryId =
        verification.deliveryId != null ? verification.deliveryId : analysis.callId();
    if (!store.claim(deliveryId, rememberFor(verification))) {
      return CallbackOutcome.duplicate(deliveryId, analysis);
    }
    return CallbackOutcome.accepted(deliveryId, analysis);
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

  /**
   * Receives a request as {@link #receive} does and, when it is accepted, runs your consumer. When
   * the consumer throws, the outcome is {@link CallbackOutcome.Kind#FAILED} (500) and the delivery
   * is forgotten, so that the sender's retry runs the consumer again.
   *
   * @param request the request
   * @param consumer your handling of a new, authentic callback
   * @return the outcome and the status to answer with
   */
  public CallbackOutcome handle(CallbackRequest request, CallbackConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer == null");
    CallbackOutcome outcome = receive(request);
    if (!outcome.isAccepted()) return outcome;
    String deliveryId = outcome.deliveryId().orElseThrow();
    CallAnalysis analysis = outcome.callAnalysis().orElseThrow();
    try {
      consumer.accept(deliveryId, analysis);
      return outcome;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      store.release(deliveryId);
      return CallbackOutcome.failed(deliveryId, analysis, e);
    } catch (Error e) {
      store.release(deliveryId);
      throw e;
    }
  }

  /**
   * Forgets a delivery accepted by {@link #receive} whose handling failed, so that a retry is
   * accepted again.
   *
   * @param deliveryId the outcome's {@link CallbackOutcome#deliveryId()}
   */
  public void release(String deliveryId) {
    store.release(Objects.requireNonNull(deliveryId, "deliveryId == null"));
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
    return "CallbackReceiver{verifier=" + verifier + ", store=" + store + ", ttl=" + ttl
        + ", replayWindow=" + verifier.replayWindow() + ", maxBodyBytes=" + maxBodyBytes + "}";
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
     * Sets where handled delivery ids are remembered.
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
      if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
      this.ttl = ttl;
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
     * @throws IllegalArgumentException when the store's {@link DeliveryStore#retention()} is shorter
     *     than the verifier's {@link CallbackVerifier#replayWindow()} or the de-duplication TTL
     */
    public CallbackReceiver build() {
      if (verifier == null) {
        throw new IllegalStateException("verifier is required: choose a verification scheme explicitly");
      }
      DeliveryStore store = this.store != null ? this.store : InMemoryDeliveryStore.create();
      Duration retention = store.retention();
      Duration window = verifier.replayWindow();
      if (retention.compareTo(window) < 0) {
        throw new IllegalArgumentException(
            "the delivery store keeps deliveries for " + retention + ", less than the verifier's replay"
                + " window of " + window + ": a replayed request could be handled twice");
      }
      if (retention.compareTo(ttl) < 0) {
        throw new IllegalArgumentException(
            "the delivery store keeps deliveries for " + retention + ", less than deduplicationTtl " + ttl);
      }
      return new CallbackReceiver(this, store);
    }
  }
}
