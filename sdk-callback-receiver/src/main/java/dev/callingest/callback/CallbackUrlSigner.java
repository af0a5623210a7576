package dev.callingest.callback;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes per-call capability URLs for the Partner API's {@code callback_url}: the base URL plus the
 * call id, an expiry, the key id and a token, {@code base64url(HMAC-SHA256(key,
 * "callingest-callback-url-v1\n" + keyId + "\n" + callId + "\n" + expiry))}. {@link
 * CallbackUrlVerifier} checks them when the callback arrives, and that the body's {@code call_id}
 * is the URL's.
 *
 * <pre>{@code
 * CallbackUrlSigner signer = CallbackUrlSigner.builder().key(currentKey).build();
 * String callbackUrl = signer.sign("https://crm.example.com/callbacks", "call_12345");
 * }</pre>
 *
 * <p>The URL is a secret for as long as it is valid: anyone who reads it can post one callback for
 * that call. Keep it out of logs.
 */
public final class CallbackUrlSigner {
  /**
   * The default validity of a URL, 72 hours. The URL must outlive processing (asynchronous, of
   * undocumented length; allow a day of backlog) and the sender's 3 retries with exponential
   * backoff (hours at most), with a margin; yet every hour of validity is an hour in which a leaked
   * URL can be replayed and an hour the receiver must remember the delivery.
   */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(72);

  private final CallbackUrlKey key;
  private final Duration validity;
  private final Clock clock;

  private CallbackUrlSigner(Builder builder) {
    this.key = Objects.requireNonNull(builder.key, "key == null"); // checked by build()
    this.validity = builder.validity;
    this.clock = builder.clock;
  }

  /**
   * A callback URL for one call, valid for the configured validity from now.
   *
   * @param baseUrl an absolute http or https URL, possibly with its own query
   * @param callId the item's {@code call.id}
   * @return the URL with {@code cb_call_id}, {@code cb_expires}, {@code cb_key} and {@code
   *     cb_token} appended to its query
   * @throws IllegalArgumentException when the base URL is not absolute http(s), has a fragment, or
   *     already carries one of those parameters
   */
  public String sign(String baseUrl, String callId) {
    return sign(baseUrl, callId, clock.instant().plus(validity));
  }

  /**
   * A callback URL for one call that expires at the given instant.
   *
   * @param baseUrl an absolute http or https URL, possibly with its own query
   * @param callId the item's {@code call.id}, not blank
   * @param expiresAt when the URL stops being accepted; truncated to seconds
   * @return the URL with the token parameters appended
   * @throws IllegalArgumentException as for {@link #sign(String, String)}
   */
  public String sign(String baseUrl, String callId, Instant expiresAt) {
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    Objects.requireNonNull(callId, "callId == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    if (callId.isBlank()) throw new IllegalArgumentException("callId is blank");
    checkBaseUrl(baseUrl);
    long expires = expiresAt.getEpochSecond();
    String token = CallbackUrlToken.encode(CallbackUrlToken.mac(key, callId, expires));
    return baseUrl
        + (baseUrl.contains("?")
            ? (baseUrl.endsWith("?") || baseUrl.endsWith("&") ? "" : "&")
            : "?")
        + CallbackUrlToken.CALL_ID
        + "="
        + URLEncoder.encode(callId, StandardCharsets.UTF_8)
        + "&"
        + CallbackUrlToken.EXPIRES
        + "="
        + expires
        + "&"
        + CallbackUrlToken.KEY_ID
        + "="
        + key.id()
        + "&"
        + CallbackUrlToken.TOKEN
        + "="
        + token;
  }

  private static void checkBaseUrl(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a valid URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl must be an absolute http or https URL");
    }
    if (uri.getRawFragment() != null) throw new IllegalArgumentException("baseUrl has a fragment");
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("cb_")) {
          throw new IllegalArgumentException("baseUrl already has a cb_ parameter");
        }
      }
    }
  }

  /** Shows the key id and validity, never the secret. */
  @Override
  public String toString() {
    return "CallbackUrlSigner{key=" + key.id() + ", validity=" + validity + "}";
  }

  /**
   * Starts a builder; the key is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CallbackUrlSigner}. */
  public static final class Builder {
    private @Nullable CallbackUrlKey key;
    private Duration validity = DEFAULT_VALIDITY;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /**
     * Sets the key new URLs are signed with: the newest key of the verifier.
     *
     * @param key the signing key
     * @return this builder
     */
    public Builder key(CallbackUrlKey key) {
      this.key = Objects.requireNonNull(key, "key == null");
      return this;
    }

    /**
     * Sets how long a URL made by {@link #sign(String, String)} stays valid.
     *
     * @param validity positive; default 72 hours. Give the verifier the same {@link
     *     CallbackUrlVerifier.Builder#maxValidity(Duration) maxValidity}, or its URLs are refused
     * @return this builder
     */
    public Builder validity(Duration validity) {
      Objects.requireNonNull(validity, "validity == null");
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("validity must be positive");
      }
      this.validity = validity;
      return this;
    }

    /**
     * Sets the clock that expiries are computed from.
     *
     * @param clock the clock; default the system's UTC clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the signer
     * @throws IllegalStateException when no key was set
     */
    public CallbackUrlSigner build() {
      if (key == null) throw new IllegalStateException("key is required");
      return new CallbackUrlSigner(this);
    }
  }
}
