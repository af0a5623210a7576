package dev.callingest;

import java.io.IOException;
import java.time.Duration;

/**
 * Hooks for metrics and tracing, without a metrics dependency. Every method has an empty default,
 * so implement only what you need. Methods are called on the thread making the request and must
 * return quickly; an exception thrown by a listener is logged and ignored.
 */
public interface ClientEventListener {
  /** A listener that does nothing. */
  ClientEventListener NONE = new ClientEventListener() {};

  /**
   * An operation begins: a submission or a status read, before its first attempt (and after the
   * pacing wait before it, if any). {@link #operationEnded} follows exactly once, and every attempt
   * in between carries the operation's id in {@link RequestEvent#operationId()}. Made for tracing:
   * a span per operation, with its retries as events.
   *
   * @param operation the operation
   */
  default void operationStarted(OperationEvent operation) {}

  /**
   * An operation has ended, with its final answer or the exception its caller gets.
   *
   * @param operation the operation, as given to {@link #operationStarted}
   * @param result how it ended
   */
  default void operationEnded(OperationEvent operation, OperationResult result) {}

  /**
   * An HTTP attempt is about to be sent.
   *
   * @param request the attempt
   */
  default void requestStarted(RequestEvent request) {}

  /**
   * An HTTP attempt got a response, successful or not.
   *
   * @param request the attempt
   * @param statusCode the HTTP status
   * @param elapsed time from sending to the end of the response body
   */
  default void responseReceived(RequestEvent request, int statusCode, Duration elapsed) {}

  /**
   * An HTTP attempt failed without a response (connection failure, dropped connection, timeout).
   *
   * @param request the attempt
   * @param failure the network failure
   * @param elapsed time from sending to the failure
   */
  default void requestFailed(RequestEvent request, IOException failure, Duration elapsed) {}

  /**
   * A retry will be sent after {@code delay}.
   *
   * @param failed the attempt that failed
   * @param delay how long the client waits before the next attempt
   * @param reason why, such as {@code "HTTP 503"} or {@code "SocketTimeoutException"}
   * @param inDoubt true when the failed attempt may have reached the server, so the retry may
   *     deliver the same submission twice (see {@link
   *     ClientOptions.Builder#retryInDoubtRequests(boolean)})
   */
  default void retryScheduled(
      RequestEvent failed, Duration delay, String reason, boolean inDoubt) {}

  /**
   * Client-side pacing holds a request back to stay within a rate limit.
   *
   * @param limit which limit, such as {@code "upload.batches-per-hour"}
   * @param wait how long the request waits
   */
  default void rateLimitWait(String limit, Duration wait) {}
}
