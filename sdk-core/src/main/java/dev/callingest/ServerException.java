package dev.callingest;

import org.jspecify.annotations.Nullable;

/**
 * The server answered the last permitted attempt with HTTP 5xx.
 *
 * <p>For a submission, an answer of 500, 502, 504 or any 5xx other than 503 may have come after the
 * batch was stored, so {@link #possiblyProcessed()} is true; 503 means the server did not take the
 * request, and then {@code possiblyProcessed()} is true only if an earlier attempt may have been
 * processed.
 */
public final class ServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a request of which nothing was processed, after one attempt.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   */
  public ServerException(String message, ErrorResponse response) {
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
  public ServerException(
      String message,
      ErrorResponse response,
      int attempts,
      boolean possiblyProcessed,
      @Nullable Throwable cause) {
    super(message, response, attempts, possiblyProcessed, cause);
  }
}
