package dev.callingest.callback;

import java.util.Base64;

/** The capability URL format shared by the signer and the verifier. */
final class CallbackUrlToken {
  static final String CALL_ID = "cb_call_id";
  static final String EXPIRES = "cb_expires";
  static final String KEY_ID = "cb_key";
  static final String TOKEN = "cb_token";
  static final String VERSION = "callingest-callback-url-v1";

  private CallbackUrlToken() {}

  /**
   * The MAC over a versioned string. The key id cannot hold a newline and the expiry is digits, so
   * the call id between them is unambiguous whatever it contains.
   */
  static byte[] mac(CallbackUrlKey key, String callId, long expiresEpochSeconds) {
    String signed = VERSION + "\n" + key.id() + "\n" + callId + "\n" + expiresEpochSeconds;
    return Hmac.sha256(key.secret(), Hmac.utf8(signed));
  }

  static String encode(byte[] mac) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }
}
