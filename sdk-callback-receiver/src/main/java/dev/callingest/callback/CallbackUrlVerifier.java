package dev.callingest.callback;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies capability URLs made by {@link CallbackUrlSigner}: it recomputes the token from the
 * query's call id, expiry and key id, compares it in constant time, checks the expiry (with a small
 * skew for clocks that disagree), and makes the receiver check that the body's {@code call_id} is
 * the URL's. The delivery id is the call id.
 *
 * <p>A URL whose expiry lies further ahead than {@link Builder#maxValidity(Duration)} (plus the
 * skew) is refused, so that no URL stays valid longer than the receiver remembers it: the {@link
 * #replayWindow()} is {@code maxValidity + 2 * skew}, and the receiver remembers each accepted call
 * id until its URL's expiry plus the skew. Set {@code maxValidity} to the signer's validity.
 *
 * <p>It needs the request URI with its query ({@link CallbackRequest.Builder#uri(String)}). Keep
 * every key that may still have signed a live URL: rotate by signing with a new key while the old
 * one stays here until its last URL expires.
 */
public final class CallbackUrlVerifier extends CallbackVerifier {
  /** The default allowance for a sender's clock being behind or ahead of ours. */
  public static final Duration DEFAULT_SKEW = Duration.ofMinutes(1);

  private final Map<String, CallbackUrlKey> keys;
  private final long skewSeconds;
  private final long maxValiditySeconds;
  private final Clock clock;

  private CallbackUrlVerifier(Builder builder) {
    this.keys = Map.copyOf(builder.keys);
    this.skewSeconds = builder.skew.getSeconds();
    this.maxValiditySeconds = builder.maxValidity.getSeconds();
    this.clock = builder.clock;
  }

  @Override
  Verification verify(CallbackRequest request, byte[] body) {
    String query = request.rawQuery();
    if (query == null) return Verification.notAuthentic("callback URL carries no token");
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!name.startsWith("cb_")) continue;
      String value;
      try {
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Verification.malformed(name + " is not percent-encoded properly");
      }
      if (params.put(name, value) != null) {
        return Verification.malformed(name + " appears more than once in the callback URL");
      }
    }
    String callId = params.get(CallbackUrlToken.CALL_ID);
    String expiresText = params.get(CallbackUrlToken.EXPIRES);
    String keyId = params.get(CallbackUrlToken.KEY_ID);
    String token = params.get(CallbackUrlToken.TOKEN);
    if (callId == null || expiresText == null || keyId == null || token == null) {
      return Verification.notAuthentic(
          "callback URL lacks one of cb_call_id, cb_expires, cb_key and cb_token");
    }
    if (!Hmac.isDigits(expiresText, 15)) {
      return Verification.malformed("cb_expires is not an integer number of seconds");
    }
    CallbackUrlKey key = keys.get(keyId);
    if (key == null) return Verification.notAuthentic("cb_key names no configured key");
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Verification.notAuthentic("cb_token is not base64url");
    }
    long expires = Long.parseLong(expiresText);
    byte[] expected = CallbackUrlToken.mac(key, callId, expires);
    if (!MessageDigest.isEqual(expected, presented)) {
      return Verification.notAuthentic("cb_token does not match the URL's call id, expiry and key");
    }
    long now = clock.instant().getEpochSecond();
    if (now > expires + skewSeconds) {
      return Verification.notAuthentic(
          "callback URL expired at "
              + Instant.ofEpochSecond(expires)
              + " (skew "
              + skewSeconds
              + " s)");
    }
    if (expires - now > maxValiditySeconds + skewSeconds) {
      return Verification.notAuthentic(
          "callback URL expires at "
              + Instant.ofEpochSecond(expires)
              + ", further ahead than maxValidity "
              + maxValiditySeconds
              + " s (skew "
              + skewSeconds
              + " s)");
    }
    return Verification.authentic(callId, callId, Instant.ofEpochSecond(expires + skewSeconds));
  }

  /**
   * {@inheritDoc} Here {@code maxValidity + 2 * skew}: a URL passes from {@code maxValidity + skew}
   * before its expiry until {@code skew} after it.
   */
  @Override
  public Duration replayWindow() {
    return Duration.ofSeconds(maxValiditySeconds + 2 * skewSeconds);
  }

  @Override
  Clock clock() {
    return clock;
  }

  /** Shows the key ids, skew and longest validity, never a secret. */
  @Override
  public String toString() {
    return "CallbackUrlVerifier{keys="
        + new ArrayList<>(keys.keySet()).stream().sorted().toList()
        + ", skew="
        + skewSeconds
        + "s, maxValidity="
        + maxValiditySeconds
        + "s}";
  }

  /**
   * Starts a builder; at least one key is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CallbackUrlVerifier}. */
  public static final class Builder {
    private final Map<String, CallbackUrlKey> keys = new LinkedHashMap<>();
    private Duration skew = DEFAULT_SKEW;
    private Duration maxValidity = CallbackUrlSigner.DEFAULT_VALIDITY;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /**
     * Adds a key that URLs may have been signed with.
     *
     * @param key the key; its id must differ from those already added
     * @return this builder
     * @throws IllegalArgumentException when a key with the same id was added
     */
    public Builder addKey(CallbackUrlKey key) {
      Objects.requireNonNull(key, "key == null");
      if (keys.putIfAbsent(key.id(), key) != null) {
        throw new IllegalArgumentException("key id " + key.id() + " was added twice");
      }
      return this;
    }

    /**
     * Adds several keys.
     *
     * @param keys the keys, with distinct ids
     * @return this builder
     */
    public Builder addKeys(List<CallbackUrlKey> keys) {
      keys.forEach(this::addKey);
      return this;
    }

    /**
     * Sets how long after its expiry a URL is still accepted, for clocks that disagree.
     *
     * @param skew zero or more whole seconds; default 1 minute
     * @return this builder
     */
    public Builder skew(Duration skew) {
      Objects.requireNonNull(skew, "skew == null");
      if (skew.isNegative()) throw new IllegalArgumentException("skew is negative");
      this.skew = skew;
      return this;
    }

    /**
     * Sets the longest validity a URL may have: one that expires further ahead (beyond the skew) is
     * refused. Use the signer's {@link CallbackUrlSigner.Builder#validity(Duration) validity}; the
     * receiver remembers deliveries for this long, so it bounds the replay window.
     *
     * @param maxValidity positive, whole seconds; default {@link
     *     CallbackUrlSigner#DEFAULT_VALIDITY}
     * @return this builder
     */
    public Builder maxValidity(Duration maxValidity) {
      Objects.requireNonNull(maxValidity, "maxValidity == null");
      if (maxValidity.getSeconds() < 1) throw new IllegalArgumentException("maxValidity < 1 s");
      this.maxValidity = maxValidity;
      return this;
    }

    /**
     * Sets the clock expiries are compared with.
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
     * @throws IllegalStateException when no key was added
     */
    public CallbackUrlVerifier build() {
      if (keys.isEmpty()) throw new IllegalStateException("at least one key is required");
      return new CallbackUrlVerifier(this);
    }
  }
}
