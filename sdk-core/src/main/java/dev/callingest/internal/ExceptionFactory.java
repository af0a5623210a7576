package dev.callingest.internal;

import dev.callingest.CallingestException;
import dev.callingest.ErrorResponse;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerValidationException;
import dev.callingest.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Creates the SDK's error responses and the exceptions that carry them, whose constructors are not
 * public: users catch these types and read them, they never make them. The one implementation lives
 * in {@code dev.callingest} beside the constructors it calls, and installs itself when {@link
 * CallingestException} is initialized; {@link #get()} initializes that class first when needed.
 *
 * <p>Tests of the SDK reach the same constructors through this class.
 */
public abstract class ExceptionFactory {
  private static volatile @Nullable ExceptionFactory instance;

  /** For the one implementation in {@code dev.callingest}. */
  protected ExceptionFactory() {}

  /**
   * Installs the implementation; called once, by {@code CallingestException}.
   *
   * @param factory the implementation
   */
  public static void install(ExceptionFactory factory) {
    if (instance != null) throw new IllegalStateException("already installed");
    instance = Objects.requireNonNull(factory, "factory == null");
  }

  /** {@return the installed implementation} */
  public static ExceptionFactory get() {
    ExceptionFactory result = instance;
    if (result != null) return result;
    try {
      // Initializing the root exception installs the factory (see its static initializer).
      Class.forName(
          "dev.callingest.CallingestException", true, ExceptionFactory.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    return instance;
  }

  /**
   * An error response; the message and the body excerpt keep URLs in their redacted form.
   *
   * @param statusCode the HTTP status
   * @param errorCode the API's error code, or {@code null}
   * @param message the API's error message, or {@code null}
   * @param requestId the request id header, or {@code null}
   * @param body the raw body as text, cut to {@link ErrorResponse#MAX_EXCERPT_CHARS} characters
   * @return the error response
   */
  public abstract ErrorResponse errorResponse(
      int statusCode,
      @Nullable String errorCode,
      @Nullable String message,
      @Nullable String requestId,
      String body);

  /**
   * The exception for an error answer, its type chosen by the status: 422 or any violations a
   * {@link ServerValidationException}, 401 and 403 an {@code AuthenticationException}, 404 a {@code
   * NotFoundException}, 429 a {@link RateLimitedException}, 5xx a {@code ServerException}, any other
   * an {@code ApiException}.
   *
   * @param message the exception's message, without any secret
   * @param response the error response, whose status decides the type
   * @param attempts how many HTTP attempts were made
   * @param retryAfter the wait the server asked for, or {@code null}
   * @param violations field-level problems the server listed, possibly none
   * @return the exception
   */
  public abstract CallingestException forStatus(
      String message,
      ErrorResponse response,
      int attempts,
      @Nullable Duration retryAfter,
      List<Violation> violations);

  /**
   * A server validation error whatever the status, for an API whose body says so.
   *
   * @param message the exception's message
   * @param response the error response
   * @param attempts how many HTTP attempts were made
   * @param violations the field-level problems
   * @return the exception
   */
  public abstract ServerValidationException serverValidation(
      String message, ErrorResponse response, int attempts, List<Violation> violations);

  /**
   * A success status with a body that is not the documented response.
   *
   * @param message what could not be read
   * @param response the response
   * @param attempts how many HTTP attempts were made
   * @param cause the parse failure
   * @return the exception
   */
  public abstract MalformedResponseException malformed(
      String message, ErrorResponse response, int attempts, Throwable cause);

  /**
   * The client's own pacing refusing a request before it is sent.
   *
   * @param message which limit would be exceeded
   * @param retryAfter how long until the limit allows the request
   * @return the exception
   */
  public abstract RateLimitedException pacingRefusal(String message, Duration retryAfter);
}
