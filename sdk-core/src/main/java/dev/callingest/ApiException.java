package dev.callingest;

import java.util.Objects;
import java.util.Optional;

/**
 * The server answered with an error, or with a success that could not be read. Subclasses name the
 * cases callers branch on; an {@code ApiException} itself is any other refusal (a 4xx that is not
 * covered by a subclass).
 */
public class ApiException extends CallingestException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an API exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   */
  ApiException(String message, ErrorResponse response, int attempts) {
    super(message, Objects.requireNonNull(response, "response == null"), attempts, null);
  }

  /**
   * Creates an API exception with a cause.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   * @param cause the underlying failure
   */
  ApiException(String message, ErrorResponse response, int attempts, Throwable cause) {
    super(message, Objects.requireNonNull(response, "response == null"), attempts, cause);
  }

  /** {@return the HTTP status of the error response} */
  public int httpStatus() {
    return errorResponse().statusCode();
  }

  /** {@return the API's error code, such as {@code VALIDATION_ERROR}, when the body carried one} */
  public Optional<String> errorCode() {
    return errorResponse().errorCode();
  }

  /** {@return the error response; always present on an {@code ApiException}} */
  public ErrorResponse errorResponse() {
    return response().orElseThrow();
  }
}
