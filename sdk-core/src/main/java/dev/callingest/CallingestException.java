package dev.callingest;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of every exception the SDK throws. It is unchecked: catch it, or one of its subclasses,
 * where you can act on it.
 *
 * <ul>
 *   <li>{@link ValidationException}: the request broke a documented rule; nothing was sent.
 *   <li>{@link ApiException} and its subclasses: the server answered with an error.
 *   <li>{@link RateLimitedException}: the server, or the client's own pacing, refused for now.
 *   <li>{@link ConnectionException}: no usable answer arrived after every permitted attempt.
 * </ul>
 *
 * <p>No message of this hierarchy ever contains a credential.
 */
public class CallingestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error response, or null; not serialized. */
  private final transient ErrorResponse response;

  /** How many HTTP attempts were made. */
  private final int attempts;

  /**
   * Creates an exception that did not come from an HTTP response.
   *
   * @param message what went wrong, without any secret
   * @param cause the underlying failure, or {@code null}
   */
  public CallingestException(String message, Throwable cause) {
    this(message, null, 0, cause);
  }

  /**
   * Creates an exception.
   *
   * @param message what went wrong, without any secret
   * @param response the error response, or {@code null} when the failure did not come from one
   * @param attempts how many HTTP attempts were made, 0 when none was
   * @param cause the underlying failure, or {@code null}
   */
  protected CallingestException(
      String message, ErrorResponse response, int attempts, Throwable cause) {
    super(message, cause);
    this.response = response;
    this.attempts = attempts;
  }

  /** {@return the error response that caused this exception, when the failure came from the server} */
  public Optional<ErrorResponse> response() {
    return Optional.ofNullable(response);
  }

  /** {@return the HTTP status of the error response, when there was one} */
  public OptionalInt statusCode() {
    return response == null ? OptionalInt.empty() : OptionalInt.of(response.statusCode());
  }

  /** {@return the request id the server sent back, useful when contacting the API provider's support} */
  public Optional<String> requestId() {
    return response == null ? Optional.empty() : response.requestId();
  }

  /** {@return how many HTTP attempts were made before giving up; 0 when nothing was sent} */
  public int attempts() {
    return attempts;
  }
}
