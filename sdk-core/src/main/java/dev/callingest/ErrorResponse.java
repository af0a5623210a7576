package dev.callingest;

import dev.callingest.internal.ModelStyle;
import dev.callingest.internal.UrlRedaction;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * What the SDK kept of an error response: the HTTP status, the API's error code and message when
 * the body carried them, the request id header, and a bounded excerpt of the raw body.
 *
 * <p>The excerpt holds at most {@value #MAX_EXCERPT_CHARS} characters of the body, followed by
 * {@code ...(N chars)} when the body was longer. URLs in the message and the excerpt keep only
 * their scheme, host and port, whoever built the value. Response bodies of both APIs never echo
 * credentials, and no request header is ever kept here.
 *
 * <p>An Immutables value: build one with {@link #builder()} (a test of your error handling can then
 * build the exception that carries it), copy one with {@link #newBuilder()}.
 */
@Value.Immutable
@ModelStyle
public abstract class ErrorResponse {
  /** The most characters of a response body kept in {@link #bodyExcerpt()}. */
  public static final int MAX_EXCERPT_CHARS = 2048;

  /** The mark a cut excerpt ends with, so that cutting again changes nothing. */
  private static final Pattern CUT_MARK = Pattern.compile("\\.\\.\\.\\(\\d{1,10} chars\\)");

  ErrorResponse() {}

  /** {@return the HTTP status code, 100 to 599} */
  public abstract int statusCode();

  /**
   * {@return the API's machine-readable error code, such as {@code VALIDATION_ERROR}, when given}
   */
  public abstract Optional<String> errorCode();

  /** {@return the API's human-readable error message, when given} */
  public abstract Optional<String> message();

  /** {@return the request id header of the response, when the server sent one} */
  public abstract Optional<String> requestId();

  /**
   * {@return the start of the raw response body, at most {@value #MAX_EXCERPT_CHARS} characters and
   * the cut mark; empty by default}
   */
  @Value.Default
  public String bodyExcerpt() {
    return "";
  }

  /**
   * Returns a builder; {@code statusCode} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this value.
   *
   * @return a new builder with every field of this value
   */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /**
   * Builds an {@link ErrorResponse}; the body excerpt is cut and URLs redacted. Not thread-safe.
   */
  public static final class Builder extends ImmutableErrorResponse.Builder {
    Builder() {}
  }

  /** Checks the status, cuts the excerpt and redacts URLs, whoever built the value. */
  @Value.Check
  ErrorResponse normalized() {
    if (statusCode() < 100 || statusCode() > 599) {
      throw new IllegalArgumentException("statusCode must be 100 to 599: " + statusCode());
    }
    String message = message().map(UrlRedaction::redactUrlsIn).orElse(null);
    String excerpt = Objects.requireNonNull(UrlRedaction.redactUrlsIn(cut(bodyExcerpt())));
    if (Objects.equals(message, message().orElse(null)) && excerpt.equals(bodyExcerpt())) {
      return this;
    }
    return builder().from(this).message(Optional.ofNullable(message)).bodyExcerpt(excerpt).build();
  }

  private static String cut(String body) {
    if (body.length() <= MAX_EXCERPT_CHARS) return body;
    if (CUT_MARK.matcher(body).region(MAX_EXCERPT_CHARS, body.length()).matches()) return body;
    return body.substring(0, MAX_EXCERPT_CHARS) + "...(" + body.length() + " chars)";
  }

  /** Names the status, the code, the message and the request id; never the body. */
  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("ErrorResponse{status=").append(statusCode());
    errorCode().ifPresent(code -> result.append(", code=").append(code));
    message().ifPresent(text -> result.append(", message=").append(text));
    requestId().ifPresent(id -> result.append(", requestId=").append(id));
    return result.append('}').toString();
  }
}
