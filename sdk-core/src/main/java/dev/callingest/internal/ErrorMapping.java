package dev.callingest.internal;

import dev.callingest.CallingestException;
import dev.callingest.ErrorResponse;
import dev.callingest.Violation;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    return ExceptionFactory.get().forStatus(message, response, raw.attempts(), retryAfter, violations);
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
    return ExceptionFactory.get()
        .errorResponse(raw.statusCode(), errorCode, apiMessage, raw.requestId(), raw.bodyAsString());
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
