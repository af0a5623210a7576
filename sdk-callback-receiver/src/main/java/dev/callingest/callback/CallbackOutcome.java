package dev.callingest.callback;

import dev.callingest.analysis.CallAnalysis;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CallbackReceiver} decided about a request, and the HTTP status your adapter should
 * answer with ({@link #statusCode()}); no response body is needed.
 *
 * <ul>
 *   <li>{@link Kind#ACCEPTED} (200): authentic and new; {@link #callAnalysis()} holds it.
 *   <li>{@link Kind#DUPLICATE} (200): a delivery with this id was already accepted; this request
 *       is not handed to the consumer, even when its body differs. Answering 2xx stops the
 *       sender's retries.
 *   <li>{@link Kind#REJECTED}: 400 malformed, 401 not authentic, 405 not a POST, 413 too large, 415
 *       not JSON. The sender should not retry.
 *   <li>{@link Kind#FAILED} (500): your consumer threw; the delivery was forgotten so that the
 *       sender's retry is handled again.
 * </ul>
 *
 * <p>{@link #reason()} is meant for your logs: it never contains a secret, a token or an expected
 * signature. Do not send it back to the caller, who learns nothing useful from it.
 */
public final class CallbackOutcome {
  /** The kinds of outcome. */
  public enum Kind {
    /** Authentic, well-formed and not seen before. */
    ACCEPTED,
    /** Authentic and already handled. */
    DUPLICATE,
    /** Malformed, not authentic, too large or not JSON. */
    REJECTED,
    /** Authentic, but the consumer failed. */
    FAILED
  }

  private final Kind kind;
  private final int statusCode;
  private final String reason;
  private final @Nullable String deliveryId;
  private final @Nullable CallAnalysis analysis;
  private final @Nullable Throwable failure;

  private CallbackOutcome(
      Kind kind, int statusCode, String reason, @Nullable String deliveryId,
      @Nullable CallAnalysis analysis, @Nullable Throwable failure) {
    this.kind = kind;
    this.statusCode = statusCode;
    this.reason = reason;
    this.deliveryId = deliveryId;
    this.analysis = analysis;
    this.failure = failure;
  }

  static CallbackOutcome accepted(String deliveryId, CallAnalysis analysis) {
    return new CallbackOutcome(Kind.ACCEPTED, 200, "accepted", deliveryId, analysis, null);
  }

  static CallbackOutcome duplicate(String deliveryId, CallAnalysis analysis) {
    return new CallbackOutcome(
        Kind.DUPLICATE, 200, "delivery " + deliveryId + " was already handled", deliveryId, analysis,
        null);
  }

  static CallbackOutcome rejected(int statusCode, String reason) {
    return new CallbackOutcome(Kind.REJECTED, statusCode, reason, null, null, null);
  }

  static CallbackOutcome failed(String deliveryId, CallAnalysis analysis, Throwable failure) {
    return new CallbackOutcome(
        Kind.FAILED, 500, "consumer failed with " + failure.getClass().getName(), deliveryId,
        analysis, failure);
  }

  /**
   * What was decided.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The HTTP status to answer with: 200, 400, 401, 405, 413, 415 or 500.
   *
   * @return the status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Whether the callback is authentic, new and parsed: then {@link #callAnalysis()} is present.
   *
   * @return {@code true} for {@link Kind#ACCEPTED}
   */
  public boolean isAccepted() {
    return kind == Kind.ACCEPTED;
  }

  /**
   * Why, in words for a log line, such as {@code "webhook-timestamp is 301 s old; tolerance is 300
   * s"}. Never contains a secret, token or expected signature.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * The delivery's id: {@code webhook-id}, or the call id for callback URLs and for the insecure
   * verifier without a {@code webhook-id}.
   *
   * @return the id, absent for a rejected request
   */
  public Optional<String> deliveryId() {
    return Optional.ofNullable(deliveryId);
  }

  /**
   * The parsed callback.
   *
   * @return the analysis, absent for a rejected request
   */
  public Optional<CallAnalysis> callAnalysis() {
    return Optional.ofNullable(analysis);
  }

  /**
   * What the consumer threw, for {@link Kind#FAILED}.
   *
   * @return the failure, absent otherwise
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "CallbackOutcome{" + kind + " " + statusCode
        + (deliveryId == null ? "" : ", deliveryId=" + deliveryId) + ", reason=" + reason + "}";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CallbackOutcome)) return false;
    CallbackOutcome that = (CallbackOutcome) o;
    return kind == that.kind && statusCode == that.statusCode && reason.equals(that.reason)
        && Objects.equals(deliveryId, that.deliveryId) && Objects.equals(analysis, that.analysis)
        && Objects.equals(failure, that.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, statusCode, reason, deliveryId);
  }
}
