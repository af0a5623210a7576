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

/** Maps an HTTP status to the SDK's exception type; the API decoders supply code and message. */
public final class ErrorMapping {
  private ErrorMapping() {}

  /**
   * The exception for an error response.
   *
   * @param raw the response
   * @param errorCode the API's error code, or {@code null}
   * @param apiMessage the API's message, or {@code null}
   * @param retryAfter the wait the server asked for, or {@code null}
   * @param violations field-level problems; when not empty the result is a {@link
   *     ServerValidationException} whatever the status
   */
  public static CallingestException exceptionFor(
      RawResponse raw,
      String errorCode,
      String apiMessage,
      Duration retryAfter,
      List<Violation> violations) {
    int status = raw.statusCode();
    ErrorResponse response =
        ErrorResponse.of(status, errorCode, apiMessage, raw.requestId(), raw.bodyAsString());
    String message = describe(status, errorCode, apiMessage, raw.attempts());
    int attempts = raw.attempts();
    if (!violations.isEmpty() || status == 422) {
      return new ServerValidationException(message, response, attempts, violations);
    }
    if (status == 401 || status == 403) return new AuthenticationException(message, response, attempts);
    if (status == 404) return new NotFoundException(message, response, attempts);
    if (status == 429) return new RateLimitedException(message, response, attempts, retryAfter);
    if (status >= 500) return new ServerException(message, response, attempts);
    return new ApiException(message, response, attempts);
  }

  static String describe(int status, String errorCode, String apiMessage, int attempts) {
    StringBuilder message = new StringBuilder("HTTP ").append(status);
    if (errorCode != null) message.append(' ').append(errorCode);
    if (apiMessage != null) message.append(": ").append(UrlRedaction.redactUrlsIn(apiMessage));
    if (attempts > 1) message.append(" (after ").append(attempts).append(" attempts)");
    return message.toString();
  }
}
