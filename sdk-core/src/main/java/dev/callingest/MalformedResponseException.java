package dev.callingest;

/**
 * The server answered with a success status whose body could not be read as the documented response.
 * For a submission the request may have been accepted: {@link #possiblyProcessed()} is true and the
 * outcome is unknown. It is never retried by the transport.
 */
public class MalformedResponseException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   */
  MalformedResponseException(String message, ErrorResponse response, int attempts) {
    super(message, response, attempts);
  }

  /**
   * Creates the exception with the parse failure as its cause.
   *
   * @param message what went wrong
   * @param response the response that could not be read
   * @param attempts how many HTTP attempts were made
   * @param cause the parse failure
   */
  MalformedResponseException(
      String message, ErrorResponse response, int attempts, Throwable cause) {
    super(message, response, attempts, cause);
  }
}
