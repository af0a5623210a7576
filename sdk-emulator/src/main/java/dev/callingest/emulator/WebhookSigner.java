package dev.callingest.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callback bodies the way the Standard Webhooks specification describes: the {@code
 * webhook-signature} header is {@code v1,} followed by the base64 HMAC-SHA256 of {@code id + "." +
 * timestamp + "." + body}, keyed with the base64-decoded part of the secret after {@code whsec_}.
 */
public final class WebhookSigner {
  private static final String PREFIX = "whsec_";
  private final byte[] key;

  private WebhookSigner(byte[] key) {
    this.key = key;
  }

  /**
   * Creates a signer from a secret such as {@code whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}.
   *
   * @param secret {@code whsec_} followed by standard base64 of at least 1 byte
   * @return the signer
   * @throws IllegalArgumentException when the secret lacks the prefix or is not base64
   */
  public static WebhookSigner of(String secret) {
    Objects.requireNonNull(secret, "secret == null");
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("webhook secret must start with whsec_");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("webhook secret after whsec_ must be base64", e);
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("webhook secret after whsec_ must not be empty");
    }
    return new WebhookSigner(key);
  }

  /**
   * Computes the {@code webhook-signature} header value.
   *
   * @param messageId the {@code webhook-id} header value
   * @param timestampSeconds the {@code webhook-timestamp} header value, in unix seconds
   * @param body the exact body bytes sent
   * @return {@code v1,} and the base64 signature
   */
  public String sign(String messageId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSigner{secret=redacted}";
  }
}
