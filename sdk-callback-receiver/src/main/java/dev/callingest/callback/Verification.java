package dev.callingest.callback;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What a verifier concluded about a request, before the body is parsed. */
final class Verification {
  final boolean authentic;
  final int status;
  final String reason;

  /** The delivery id the scheme provides, or null to use the body's call id. */
  final @Nullable String deliveryId;

  /** The call id the body must carry, or null when the scheme does not bind one. */
  final @Nullable String requiredCallId;

  /**
   * The last instant at which this same request would still verify, or null when the scheme does
   * not limit it (the insecure verifier). The receiver remembers the delivery at least until then.
   */
  final @Nullable Instant acceptedUntil;

  private Verification(
      boolean authentic,
      int status,
      String reason,
      @Nullable String deliveryId,
      @Nullable String requiredCallId,
      @Nullable Instant acceptedUntil) {
    this.authentic = authentic;
    this.status = status;
    this.reason = reason;
    this.deliveryId = deliveryId;
    this.requiredCallId = requiredCallId;
    this.acceptedUntil = acceptedUntil;
  }

  static Verification authentic(
      @Nullable String deliveryId,
      @Nullable String requiredCallId,
      @Nullable Instant acceptedUntil) {
    return new Verification(true, 200, "authentic", deliveryId, requiredCallId, acceptedUntil);
  }

  /** Not authentic: the sender must not retry with the same request (401). */
  static Verification notAuthentic(String reason) {
    return new Verification(false, 401, reason, null, null, null);
  }

  /** A header or query parameter is syntactically wrong (400). */
  static Verification malformed(String reason) {
    return new Verification(false, 400, reason, null, null, null);
  }
}
