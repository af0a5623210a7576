package dev.callingest;

import org.jspecify.annotations.Nullable;

/**
 * The credentials were refused (HTTP 401 or 403). Retrying will not help; check the key, secret and
 * tenant ids.
 */
public final class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a request of which nothing was processed, after one attempt.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   */
  public AuthenticationException(String message, ErrorResponse response) {
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
  public AuthenticationException(
      String message,
      ErrorResponse response,
      int attempts,
      boolean possiblyProcessed,
      @Nullable Throwable cause) {
    super(message, response, attempts, possiblyProcessed, cause);
  }
}
