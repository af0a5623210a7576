package dev.callingest;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with an error, or with a success that could not be read. Subclasses name the
 * cases callers branch on; an {@code ApiException} itself is any other refusal (a 4xx that is not
 * covered by a subclass).
 *
 * <p>Sealed: the SDK alone maps a status to a subclass. Build any of them in a test through their
 * public constructors.
 */
public sealed class ApiException extends CallingestException
    permits AuthenticationException,
        NotFoundException,
        ServerException,
        ServerValidationException,
        MalformedResponseException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an API exception for a request of which nothing was processed, after one attempt.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   */
  public ApiException(String message, ErrorResponse response) {
    this(message, response, 1, false, null);
  }

  /**
   * Creates an API exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   * @param possiblyProcessed whether an attempt may have been processed by the server
   * @param cause the underlying failure, or {@code null}
   */
  public ApiException(
      String message,
      ErrorResponse response,
      int attempts,
      boolean possiblyProcessed,
      @Nullable Throwable cause) {
    super(
        message,
        Objects.requireNonNull(response, "response == null"),
        attempts,
        possiblyProcessed,
        cause);
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
