package dev.callingest;

/** The resource does not exist (HTTP 404), for example an unknown batch id. */
public class NotFoundException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   */
  NotFoundException(String message, ErrorResponse response, int attempts) {
    super(message, response, attempts);
  }
}
