package dev.callingest.callback;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Verifies Standard Webhooks v1 signatures: the {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} headers, with HMAC-SHA256 over {@code id.timestamp.body} taken on the
 * raw body bytes.
 *
 * <ul>
 *   <li>Several secrets may be active at once, for rotation: a request passes when any of its
 *       space-separated {@code v1,<base64>} signatures matches any secret. The signature is
 *       compared as text with the padded standard base64 of the MAC, as the specification and its
 *       reference libraries do: a signature without its {@code =} padding, or in URL-safe base64,
 *       does not match. Other versions are ignored.
 *   <li>Secrets are at least {@value #MIN_SECRET_BYTES} bytes, the specification's lower bound (it
 *       recommends 24 to 64 random bytes).
 *   <li>The timestamp must be an integer number of seconds within the tolerance of the clock, in
 *       both directions (300 s by default; exactly the tolerance passes).
 *   <li>The delivery id is {@code webhook-id}. A request passes for {@code 2 * tolerance} at most,
 *       its {@link #replayWindow()}; the receiver remembers the id longer than that.
 * </ul>
 *
 * <pre>{@code
 * CallbackVerifier verifier = StandardWebhooksVerifier.builder()
 *     .addSecret(System.getenv("CALLBACK_SECRET"))   // whsec_...
 *     .build();
 * }</pre>
 */
public final class StandardWebhooksVerifier extends CallbackVerifier {
  /** The fewest bytes a secret may have: the specification asks for 24 to 64 random bytes. */
  public static final int MIN_SECRET_BYTES = 24;

  /** The default timestamp tolerance, in both directions. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<byte[]> keys;
  private final long toleranceSeconds;
  private final Clock clock;

  private StandardWebhooksVerifier(Builder builder) {
    this.keys = List.copyOf(builder.keys);
    this.toleranceSeconds = builder.tolerance.getSeconds();
    this.clock = builder.clock;
  }

  @Override
  Verification verify(CallbackRequest request, byte[] body) {
    List<String> ids = request.headers("webhook-id");
    List<String> timestamps = request.headers("webhook-timestamp");
    List<String> signatures = request.headers("webhook-signature");
    if (ids.isEmpty() || ids.get(0).isBlank()) {
      return Verification.notAuthentic("webhook-id header is missing");
    }
    if (timestamps.isEmpty() || timestamps.get(0).isBlank()) {
      return Verification.notAuthentic("webhook-timestamp header is missing");
    }
    if (signatures.isEmpty() || String.join("", signatures).isBlank()) {
      return Verification.notAuthentic("webhook-signature header is missing");
    }
    if (ids.size() > 1 || timestamps.size() > 1 || signatures.size() > 1) {
      return Verification.malformed(
          "webhook-id, webhook-timestamp and webhook-signature must each be sent once");
    }
    String id = ids.get(0);
    String timestampText = timestamps.get(0).trim();
    if (!Hmac.isDigits(timestampText, 15)) {
      return Verification.malformed("webhook-timestamp is not an integer number of seconds");
    }
    long timestamp = Long.parseLong(timestampText);
    long skew = clock.instant().getEpochSecond() - timestamp;
    if (skew > toleranceSeconds) {
      return Verification.notAuthentic(
          "webhook-timestamp is " + skew + " s old; tolerance is " + toleranceSeconds + " s");
    }
    if (-skew > toleranceSeconds) {
      return Verification.notAuthentic(
          "webhook-timestamp is "
              + -skew
              + " s in the future; tolerance is "
              + toleranceSeconds
              + " s");
    }

    List<byte[]> candidates = new ArrayList<>();
    // Entries are separated by single spaces, as the reference libraries split them; an empty entry
    // (two spaces in a row) is skipped, and a tab is part of an entry, not a separator.
    for (String entry : signatures.get(0).split(" ")) {
      if (entry.startsWith("v1,")) candidates.add(Hmac.utf8(entry.substring(3)));
    }
    if (candidates.isEmpty())
      return Verification.notAuthentic("webhook-signature has no v1 signature");

    byte[] signedPrefix = Hmac.utf8(id + "." + timestampText + ".");
    boolean matched = false;
    for (byte[] key : keys) {
      byte[] expected =
          Hmac.utf8(Base64.getEncoder().encodeToString(Hmac.sha256(key, signedPrefix, body)));
      for (byte[] candidate : candidates) {
        matched |= MessageDigest.isEqual(expected, candidate); // constant time, no early exit
      }
    }
    if (!matched) {
      return Verification.notAuthentic("no webhook-signature matches any configured secret");
    }
    return Verification.authentic(id, null, Instant.ofEpochSecond(timestamp + toleranceSeconds));
  }

  /**
   * {@inheritDoc} Here twice the tolerance: a request passes from {@code tolerance} before its
   * timestamp until {@code tolerance} after it.
   */
  @Override
  public Duration replayWindow() {
    return Duration.ofSeconds(2 * toleranceSeconds);
  }

  @Override
  Clock clock() {
    return clock;
  }

  /** Shows the number of secrets and the tolerance, never a secret. */
  @Override
  public String toString() {
    return "StandardWebhooksVerifier{secrets="
        + keys.size()
        + ", tolerance="
        + toleranceSeconds
        + "s}";
  }

  /**
   * Starts a builder; at least one secret is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StandardWebhooksVerifier}. */
  public static final class Builder {
    private final List<byte[]> keys = new ArrayList<>();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /**
     * Adds an active secret. Add the new one before retiring the old one to rotate without
     * rejecting callbacks in flight.
     *
     * @param secret {@code whsec_} followed by the base64 key (the prefix may be left out) of at
     *     least {@value #MIN_SECRET_BYTES} bytes
     * @return this builder
     * @throws IllegalArgumentException when the secret is not base64 or is shorter; the message
     *     does not quote it
     */
    public Builder addSecret(String secret) {
      keys.add(Hmac.decodeWhsec(Objects.requireNonNull(secret, "secret == null")));
      return this;
    }

    /**
     * Adds an active secret given as raw key bytes.
     *
     * @param key the HMAC key, at least {@value #MIN_SECRET_BYTES} bytes
     * @return this builder
     * @throws IllegalArgumentException when the key is shorter
     */
    public Builder addSecret(byte[] key) {
      Objects.requireNonNull(key, "key == null");
      keys.add(Hmac.checkWhsecLength(key).clone());
      return this;
    }

    /**
     * Sets how far the {@code webhook-timestamp} may be from the clock, in both directions.
     *
     * @param tolerance at least one second, whole seconds; default 5 minutes
     * @return this builder
     */
    public Builder tolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance == null");
      if (tolerance.getSeconds() < 1) throw new IllegalArgumentException("tolerance < 1 s");
      this.tolerance = tolerance;
      return this;
    }

    /**
     * Sets the clock that timestamps are compared with.
     *
     * @param clock the clock; default the system's UTC clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException when no secret was added
     */
    public StandardWebhooksVerifier build() {
      if (keys.isEmpty()) throw new IllegalStateException("at least one secret is required");
      return new StandardWebhooksVerifier(this);
    }
  }
}
