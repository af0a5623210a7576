package dev.callingest;

import org.jspecify.annotations.Nullable;

/**
 * The server answered with a success status whose body could not be read as the documented
 * response. For a submission the request may have been accepted: {@link #possiblyProcessed()} is
 * true and the outcome is unknown. It is never retried by the transport.
 */
public final class MalformedResponseException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a request of which nothing was processed, after one attempt.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   */
  public MalformedResponseException(String message, ErrorResponse response) {
    this(message, response, 1, false, null);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   * @param possiblyProcessed whether an attempt may have been processed by the server
   * @param cause the underlying failure, or {@code null}
   */
  public MalformedResponseException(
      String message,
      ErrorResponse response,
      int attempts,
      boolean possiblyProcessed,
      @Nullable Throwable cause) {
    super(message, response, attempts, possiblyProcessed, cause);
  }
}
