package dev.callingest.callback;

import dev.callingest.analysis.CallAnalysis;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CallbackReceiver} decided about a request, and the HTTP status your adapter should
 * answer with ({@link #statusCode()}); no response body is needed.
 *
 * <ul>
 *   <li>{@link Kind#ACCEPTED} (200): authentic and new, and your consumer returned; {@link
 *       #callAnalysis()} holds it.
 *   <li>{@link Kind#DUPLICATE} (200): a consumer already finished a delivery with this id; this
 *       request is not handed to the consumer, even when its body differs. Answering 2xx stops the
 *       sender's retries.
 *   <li>{@link Kind#IN_PROGRESS} (503, with {@link #retryAfter()}): a consumer on this or another
 *       node is handling a delivery with this id right now. The sender should retry; by then it is
 *       done (a duplicate), or it failed or its node died and the retry is handled.
 *   <li>{@link Kind#REJECTED}: 400 malformed, 401 not authentic, 405 not a POST, 413 too large, 415
 *       not JSON. The sender should not retry.
 *   <li>{@link Kind#FAILED} (500): your consumer threw (the delivery was freed so that the sender's
 *       retry is handled again), or the delivery store failed to record a finished delivery.
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
    /** Authentic, and being handled under another lease right now: answer 503 and Retry-After. */
    IN_PROGRESS,
    /** Malformed, not authentic, too large or not JSON. */
    REJECTED,
    /** Authentic, but the consumer failed, or the store could not record that it finished. */
    FAILED
  }

  private final Kind kind;
  private final int statusCode;
  private final String reason;
  private final @Nullable String deliveryId;
  private final @Nullable CallAnalysis analysis;
  private final @Nullable Throwable failure;
  private final @Nullable Duration retryAfter;

  private CallbackOutcome(
      Kind kind,
      int statusCode,
      String reason,
      @Nullable String deliveryId,
      @Nullable CallAnalysis analysis,
      @Nullable Throwable failure,
      @Nullable Duration retryAfter) {
    this.kind = kind;
    this.statusCode = statusCode;
    this.reason = reason;
    this.deliveryId = deliveryId;
    this.analysis = analysis;
    this.failure = failure;
    this.retryAfter = retryAfter;
  }

  static CallbackOutcome accepted(String deliveryId, CallAnalysis analysis) {
    return new CallbackOutcome(Kind.ACCEPTED, 200, "accepted", deliveryId, analysis, null, null);
  }

  static CallbackOutcome duplicate(String deliveryId, CallAnalysis analysis) {
    return new CallbackOutcome(
        Kind.DUPLICATE,
        200,
        "delivery " + deliveryId + " was already handled",
        deliveryId,
        analysis,
        null,
        null);
  }

  static CallbackOutcome inProgress(String deliveryId, CallAnalysis analysis, Duration retryAfter) {
    return new CallbackOutcome(
        Kind.IN_PROGRESS,
        503,
        "delivery " + deliveryId + " is being handled under another lease",
        deliveryId,
        analysis,
        null,
        retryAfter);
  }

  static CallbackOutcome rejected(int statusCode, String reason) {
    return new CallbackOutcome(Kind.REJECTED, statusCode, reason, null, null, null, null);
  }

  static CallbackOutcome failed(String deliveryId, CallAnalysis analysis, Throwable failure) {
    return new CallbackOutcome(
        Kind.FAILED,
        500,
        "consumer failed with " + failure.getClass().getName(),
        deliveryId,
        analysis,
        failure,
        null);
  }

  static CallbackOutcome notRecorded(String deliveryId, CallAnalysis analysis, Throwable failure) {
    return new CallbackOutcome(
        Kind.FAILED,
        500,
        "consumer finished but the delivery store failed to record it with "
            + failure.getClass().getName(),
        deliveryId,
        analysis,
        failure,
        null);
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
   * The HTTP status to answer with: 200, 400, 401, 405, 413, 415, 500 or 503.
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
   * How long the sender should wait before it retries, for {@link Kind#IN_PROGRESS}: send it as the
   * {@code Retry-After} header, in whole seconds ({@link #retryAfterSeconds()}). It is the
   * receiver's lease duration: by then a node that died holding the delivery has lost its lease.
   *
   * @return the wait, absent for every other kind
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * {@link #retryAfter()} as the value of a {@code Retry-After} header: whole seconds, rounded up.
   *
   * @return the header's value, absent when no {@code Retry-After} should be sent
   */
  public Optional<String> retryAfterSeconds() {
    if (retryAfter == null) return Optional.empty();
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Optional.of(Long.toString(Math.max(1, seconds)));
  }

  /**
   * What failed, for {@link Kind#FAILED}: what the consumer threw (a failure of the store while
   * freeing the delivery is attached to it as suppressed), or the store's failure to record a
   * finished delivery.
   *
   * @return the failure, absent otherwise
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "CallbackOutcome{"
        + kind
        + " "
        + statusCode
        + (deliveryId == null ? "" : ", deliveryId=" + deliveryId)
        + ", reason="
        + reason
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CallbackOutcome)) return false;
    CallbackOutcome that = (CallbackOutcome) o;
    return kind == that.kind
        && statusCode == that.statusCode
        && reason.equals(that.reason)
        && Objects.equals(deliveryId, that.deliveryId)
        && Objects.equals(analysis, that.analysis)
        && Objects.equals(failure, that.failure)
        && Objects.equals(retryAfter, that.retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, statusCode, reason, deliveryId);
  }
}
