package dev.callingest.callback;

/** What a verifier concluded about a request, before the body is parsed. */
final class Verification {
  final boolean authentic;
  final int status;
  final String reason;
  /** The delivery id the scheme provides, or null to use the body's call id. */
  final String deliveryId;
  /** The call id the body must carry, or null when the scheme does not bind one. */
  final String requiredCallId;

  private Verification(
      boolean authentic, int status, String reason, String deliveryId, String requiredCallId) {
    this.authentic = authentic;
    this.status = status;
    this.reason = reason;
    this.deliveryId = deliveryId;
    this.requiredCallId = requiredCallId;
  }

  static Verification authentic(String deliveryId, String requiredCallId) {
    return new Verification(true, 200, "authentic", deliveryId, requiredCallId);
  }

  /** Not authentic: the sender must not retry with the same request (401). */
  static Verification notAuthentic(String reason) {
    return new Verification(false, 401, reason, null, null);
  }

  /** A header or query parameter is syntactically wrong (400). */
  static Verification malformed(String reason) {
    return new Verification(false, 400, reason, null, null);
  }
}
