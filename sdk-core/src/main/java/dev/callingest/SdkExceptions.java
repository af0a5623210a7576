package dev.callingest;

import dev.callingest.internal.ExceptionFactory;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link ExceptionFactory}: it sits beside the package-private constructors of the
 * exceptions and of {@link ErrorResponse}, so that the transport and the API packages can create
 * them while users cannot.
 */
final class SdkExceptions extends ExceptionFactory {
  @Override
  public ErrorResponse errorResponse(
      int statusCode,
      @Nullable String errorCode,
      @Nullable String message,
      @Nullable String requestId,
      String body) {
    return ErrorResponse.of(statusCode, errorCode, message, requestId, body);
  }

  @Override
  public CallingestException forStatus(
      String message,
      ErrorResponse response,
      int attempts,
      @Nullable Duration retryAfter,
      List<Violation> violations) {
    int status = response.statusCode();
    if (!violations.isEmpty() || status == 422) {
      return new ServerValidationException(message, response, attempts, violations);
    }
    if (status == 401 || status == 403) return new AuthenticationException(message, response, attempts);
    if (status == 404) return new NotFoundException(message, response, attempts);
    if (status == 429) return new RateLimitedException(message, response, attempts, retryAfter);
    if (status >= 500) return new ServerException(message, response, attempts);
    return new ApiException(message, response, attempts);
  }

  @Override
  public ServerValidationException serverValidation(
      String message, ErrorResponse response, int attempts, List<Violation> violations) {
    return new ServerValidationException(message, response, attempts, violations);
  }

  @Override
  public MalformedResponseException malformed(
      String message, ErrorResponse response, int attempts, Throwable cause) {
    return new MalformedResponseException(message, response, attempts, cause);
  }

  @Override
  public RateLimitedException pacingRefusal(String message, Duration retryAfter) {
    return new RateLimitedException(message, retryAfter);
  }
}
