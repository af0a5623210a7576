package dev.callingest.internal;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.CallingestException;
import dev.callingest.ErrorResponse;
import dev.callingest.NotFoundException;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import dev.callingest.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Maps an HTTP status to the SDK's exception type, through the exceptions' public constructors: 422
 * or any violations a {@code ServerValidationException}, 401 and 403 an {@code
 * AuthenticationException}, 404 a {@code NotFoundException}, 429 a {@code RateLimitedException},
 * 5xx a {@code ServerException}, any other an {@code ApiException}. The API decoders supply code
 * and message.
 */
public final class ErrorMapping {
  private ErrorMapping() {}

  /**
   * The exception for an error response.
   *
   * @param raw the response
   * @param errorCode the API's error code, or {@code null}
   * @param apiMessage the API's message, or {@code null}
   * @param retryAfter the wait the server asked for, or {@code null}
   * @param violations field-level problems; when not empty the result is a {@code
   *     ServerValidationException} whatever the status
   */
  public static CallingestException exceptionFor(
      RawResponse raw,
      @Nullable String errorCode,
      @Nullable String apiMessage,
      @Nullable Duration retryAfter,
      List<Violation> violations) {
    int status = raw.statusCode();
    ErrorResponse response = responseOf(raw, errorCode, apiMessage);
    String message = describe(status, errorCode, apiMessage, raw.attempts());
    int attempts = raw.attempts();
    if (!violations.isEmpty() || status == 422) {
      return new ServerValidationException(message, response, attempts, false, violations);
    }
    if (status == 401 || status == 403) {
      return new AuthenticationException(message, response, attempts, false, null);
    }
    if (status == 404) return new NotFoundException(message, response, attempts, false, null);
    if (status == 429) {
      return new RateLimitedException(message, response, attempts, retryAfter, false);
    }
    if (status >= 500) return new ServerException(message, response, attempts, false, null);
    return new ApiException(message, response, attempts, false, null);
  }

  /**
   * The error response kept of {@code raw}.
   *
   * @param raw the response
   * @param errorCode the API's error code, or {@code null}
   * @param apiMessage the API's message, or {@code null}
   * @return the error response, with a bounded and redacted body excerpt
   */
  public static ErrorResponse responseOf(
      RawResponse raw, @Nullable String errorCode, @Nullable String apiMessage) {
    return ErrorResponse.builder()
        .statusCode(raw.statusCode())
        .errorCode(Optional.ofNullable(errorCode))
        .message(Optional.ofNullable(apiMessage))
        .requestId(Optional.ofNullable(raw.requestId()))
        .bodyExcerpt(raw.bodyAsString())
        .build();
  }

  static String describe(
      int status, @Nullable String errorCode, @Nullable String apiMessage, int attempts) {
    StringBuilder message = new StringBuilder("HTTP ").append(status);
    if (errorCode != null) message.append(' ').append(errorCode);
    if (apiMessage != null) message.append(": ").append(UrlRedaction.redactUrlsIn(apiMessage));
    if (attempts > 1) message.append(" (after ").append(attempts).append(" attempts)");
    return message.toString();
  }
}
