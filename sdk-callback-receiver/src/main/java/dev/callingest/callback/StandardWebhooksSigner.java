package dev.callingest.callback;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs requests with Standard Webhooks v1, so that you can test your own endpoint, or sign from an
 * emulator or a relay in front of it.
 *
 * <pre>{@code
 * StandardWebhooksSigner signer = StandardWebhooksSigner.of("whsec_...");
 * Map<String, String> headers = signer.headers("msg_1", Instant.now(), body);
 * }</pre>
 */
public final class StandardWebhooksSigner {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private StandardWebhooksSigner(byte[] key) {
    this.key = key;
  }

  /**
   * A signer for one secret.
   *
   * @param secret {@code whsec_} followed by the base64 key (the prefix may be left out)
   * @return the signer
   * @throws IllegalArgumentException when the secret is not base64 or has fewer than 24 bytes; the
   *     message does not quote it
   */
  public static StandardWebhooksSigner of(String secret) {
    return new StandardWebhooksSigner(
        Hmac.decodeWhsec(Objects.requireNonNull(secret, "secret == null")));
  }

  /**
   * Makes a new random secret of 24 bytes, written as {@code whsec_} and base64. Store it where
   * both the sender and the receiver can read it, never in source control.
   *
   * @return a new secret
   */
  public static String generateSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return Hmac.WHSEC_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The {@code webhook-signature} value for a message.
   *
   * @param messageId the {@code webhook-id}
   * @param timestampSeconds the {@code webhook-timestamp}, in seconds since the epoch
   * @param body the exact body bytes that will be sent
   * @return {@code v1,} followed by the base64 signature
   */
  public String signature(String messageId, long timestampSeconds, byte[] body) {
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(body, "body == null");
    byte[] mac = Hmac.sha256(key, Hmac.utf8(messageId + "." + timestampSeconds + "."), body);
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  /**
   * The three headers to send with a message.
   *
   * @param messageId the {@code webhook-id}; the receiver de-duplicates by it
   * @param timestamp when the message is sent; truncated to seconds
   * @param body the exact body bytes that will be sent
   * @return {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}, in order
   */
  public Map<String, String> headers(String messageId, Instant timestamp, byte[] body) {
    long seconds = Objects.requireNonNull(timestamp, "timestamp == null").getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", messageId);
    headers.put("webhook-timestamp", Long.toString(seconds));
    headers.put("webhook-signature", signature(messageId, seconds, body));
    return headers;
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "StandardWebhooksSigner{secret=<redacted>}";
  }
}
