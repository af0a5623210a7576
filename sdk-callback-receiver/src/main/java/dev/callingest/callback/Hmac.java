package dev.callingest.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the secret encodings of both schemes. Never puts a key in a message. */
final class Hmac {
  static final String WHSEC_PREFIX = "whsec_";

  private Hmac() {}

  /**
   * One prototype per thread: Mac.getInstance looks up providers, which dominates small messages.
   */
  private static final ThreadLocal<Mac> MAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException(
                  "HmacSHA256 is not available", e); // Every JDK has it.
            }
          });

  static byte[] sha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = MAC.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256")); // init resets any earlier state
      for (byte[] part : parts) mac.update(part);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e); // Every JDK has it.
    }
  }

  /** Whether {@code text} is 1 to {@code maxDigits} ASCII digits (no sign, no spaces). */
  static boolean isDigits(String text, int maxDigits) {
    if (text.isEmpty() || text.length() > maxDigits) return false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes a {@code whsec_} secret; the prefix is optional, as in the reference libraries. */
  static byte[] decodeWhsec(String secret) {
    String base64 =
        secret.startsWith(WHSEC_PREFIX) ? secret.substring(WHSEC_PREFIX.length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "secret is not whsec_ followed by base64"); // no cause: it quotes input
    }
    return checkWhsecLength(key);
  }

  static byte[] checkWhsecLength(byte[] key) {
    if (key.length < StandardWebhooksVerifier.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "secret has "
              + key.length
              + " bytes; Standard Webhooks secrets have at least "
              + StandardWebhooksVerifier.MIN_SECRET_BYTES);
    }
    return key;
  }
}
