package dev.callingest;

/** The credentials were refused (HTTP 401 or 403). Retrying will not help; check the key, secret and tenant ids. */
public class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   */
  AuthenticationException(String message, ErrorResponse response, int attempts) {
    super(message, response, attempts);
  }
}
