package dev.callingest;

import dev.callingest.internal.UrlRedaction;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the SDK kept of an error response: the HTTP status, the API's error code and message when the
 * body carried them, the request id header, and a bounded excerpt of the raw body.
 *
 * <p>The excerpt holds at most {@value #MAX_EXCERPT_CHARS} characters of the body. Response bodies of
 * both APIs never echo credentials, and no request header is ever kept here.
 */
public final class ErrorResponse {
  /** The most characters of a response body kept in {@link #bodyExcerpt()}. */
  public static final int MAX_EXCERPT_CHARS = 2048;

  private final int statusCode;
  private final String errorCode;
  private final String message;
  private final String requestId;
  private final String bodyExcerpt;

  private ErrorResponse(
      int statusCode, String errorCode, String message, String requestId, String bodyExcerpt) {
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.message = message;
    this.requestId = requestId;
    this.bodyExcerpt = bodyExcerpt;
  }

  /**
   * Creates an error response. Only the SDK creates them, through {@code
   * internal.ExceptionFactory}.
   *
   * @param statusCode the HTTP status
   * @param errorCode the API's error code, or {@code null}
   * @param message the API's error message, or {@code null}
   * @param requestId the request id header, or {@code null}
   * @param body the raw body as text; it is cut to {@value #MAX_EXCERPT_CHARS} characters
   * @return the error response
   */
  static ErrorResponse of(
      int statusCode, @Nullable String errorCode, @Nullable String message, @Nullable String requestId,
      String body) {
    Objects.requireNonNull(body, "body == null");
    String excerpt =
        body.length() <= MAX_EXCERPT_CHARS
            ? body
            : body.substring(0, MAX_EXCERPT_CHARS) + "...(" + body.length() + " chars)";
    // The server may quote a callback or audio URL with its token: text keeps the redacted form.
    return new ErrorResponse(
        statusCode, errorCode, UrlRedaction.redactUrlsIn(message), requestId,
        UrlRedaction.redactUrlsIn(excerpt));
  }

  /** {@return the HTTP status code} */
  public int statusCode() {
    return statusCode;
  }

  /** {@return the API's machine-readable error code, such as {@code VALIDATION_ERROR}, when given} */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** {@return the API's human-readable error message, when given} */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** {@return the request id header of the response, when the server sent one} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** {@return the start of the raw response body, at most {@value #MAX_EXCERPT_CHARS} characters} */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("ErrorResponse{status=").append(statusCode);
    if (errorCode != null) result.append(", code=").append(errorCode);
    if (message != null) result.append(", message=").append(message);
    if (requestId != null) result.append(", requestId=").append(requestId);
    return result.append('}').toString();
  }
}
