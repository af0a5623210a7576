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

  static byte[] sha256(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) mac.update(part);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e); // Every JDK has it.
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes a {@code whsec_} secret; the prefix is optional, as in the reference libraries. */
  static byte[] decodeWhsec(String secret) {
    String base64 = secret.startsWith(WHSEC_PREFIX) ? secret.substring(WHSEC_PREFIX.length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secret is not whsec_ followed by base64"); // no cause: it quotes input
    }
    if (key.length == 0) throw new IllegalArgumentException("secret is empty");
    return key;
  }
}
