package dev.callingest.callback;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A named HMAC key for callback URL tokens. The id travels in the URL so that the verifier knows
 * which key signed it; keep several keys in the verifier while you rotate. Its {@code toString}
 * never shows the secret.
 */
public final class CallbackUrlKey {
  /** The fewest secret bytes accepted; 32 is recommended and what {@link #generate} makes. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final byte[] secret;

  private CallbackUrlKey(String id, byte[] secret) {
    this.id = id;
    this.secret = secret;
  }

  /**
   * A key from its id and secret bytes.
   *
   * @param id 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, such as {@code "2026-01"}
   * @param secret at least {@link #MIN_SECRET_BYTES} random bytes
   * @return the key
   * @throws IllegalArgumentException when the id or the secret breaks those rules
   */
  public static CallbackUrlKey of(String id, byte[] secret) {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(secret, "secret == null");
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("key id must be 1 to 64 of [A-Za-z0-9._-]");
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "secret of key "
              + id
              + " has "
              + secret.length
              + " bytes; at least "
              + MIN_SECRET_BYTES
              + " are required");
    }
    return new CallbackUrlKey(id, secret.clone());
  }

  /**
   * A key from its id and its secret written in base64 (as {@link #secretBase64()} gives it).
   *
   * @param id the key id, as for {@link #of(String, byte[])}
   * @param secretBase64 the secret in standard or URL-safe base64
   * @return the key
   * @throws IllegalArgumentException when the secret is not base64 or too short; the message does
   *     not quote it
   */
  public static CallbackUrlKey fromBase64(String id, String secretBase64) {
    Objects.requireNonNull(secretBase64, "secretBase64 == null");
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(secretBase64.trim().replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secret of key " + id + " is not base64");
    }
    return of(id, secret);
  }

  /**
   * A new key with 32 random bytes.
   *
   * @param id the key id, as for {@link #of(String, byte[])}
   * @return the key; store {@link #secretBase64()} somewhere safe
   */
  public static CallbackUrlKey generate(String id) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return of(id, secret);
  }

  /**
   * The key's id, sent in the URL.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The secret in standard base64, to store it in a secret manager. Never log it.
   *
   * @return the secret
   */
  public String secretBase64() {
    return Base64.getEncoder().encodeToString(secret);
  }

  byte[] secret() {
    return secret;
  }

  /** Shows the id only. */
  @Override
  public String toString() {
    return "CallbackUrlKey{id=" + id + ", secret=<redacted>}";
  }
}
