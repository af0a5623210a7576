package dev.callingest;

/** The server failed (HTTP 5xx) on every permitted attempt. */
public class ServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   */
  public ServerException(String message, ErrorResponse response, int attempts) {
    super(message, response, attempts);
  }
}
