package dev.callingest.internal;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.CallingestException;
import dev.callingest.CancelledException;
import dev.callingest.ConnectionException;
import dev.callingest.ErrorResponse;
import dev.callingest.MalformedResponseException;
import dev.callingest.NotFoundException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import org.jspecify.annotations.Nullable;

/**
 * Gives the transport an exception that says an attempt may have been processed. The public
 * exceptions are immutable, so this builds a copy through their public constructors: same type,
 * message (with the note appended), response, attempts, cause, stack trace and suppressed
 * exceptions, and {@code possiblyProcessed() == true}.
 */
public final class ExceptionMarks {
  private ExceptionMarks() {}

  /**
   * Returns {@code exception} marked as possibly processed.
   *
   * @param exception the exception about to be thrown or kept
   * @param note which earlier attempt may have been processed, appended to the message; or null
   * @return {@code exception} itself when it already says so and there is no note, else a copy
   */
  public static CallingestException possiblyProcessed(
      CallingestException exception, @Nullable String note) {
    if (exception.possiblyProcessed() && note == null) return exception;
    String message = note == null ? messageOf(exception) : messageOf(exception) + "; " + note;
    CallingestException copy = copy(exception, message);
    copy.setStackTrace(exception.getStackTrace());
    for (Throwable suppressed : exception.getSuppressed()) copy.addSuppressed(suppressed);
    return copy;
  }

  private static String messageOf(CallingestException exception) {
    String message = exception.getMessage();
    return message == null ? exception.getClass().getSimpleName() : message;
  }

  private static CallingestException copy(CallingestException e, String message) {
    int attempts = e.attempts();
    Throwable cause = e.getCause();
    // Most specific first; every type the transport can see is final or sealed.
    if (e instanceof RequestInDoubtException) {
      return new RequestInDoubtException(
          message, attempts, ((RequestInDoubtException) e).isTimeout(), cause);
    }
    if (e instanceof ConnectionException) {
      return new ConnectionException(
          message, attempts, ((ConnectionException) e).isTimeout(), true, cause);
    }
    if (e instanceof RateLimitedException) {
      RateLimitedException limited = (RateLimitedException) e;
      return new RateLimitedException(
          message, e.response().orElse(null), attempts, limited.retryAfter().orElse(null), true);
    }
    if (e instanceof CancelledException) {
      return new CancelledException(message, attempts, true, cause);
    }
    if (e instanceof ApiException) {
      ApiException api = (ApiException) e;
      ErrorResponse response = api.errorResponse();
      if (e instanceof ServerValidationException) {
        return new ServerValidationException(
            message, response, attempts, true, ((ServerValidationException) e).violations());
      }
      if (e instanceof AuthenticationException) {
        return new AuthenticationException(message, response, attempts, true, cause);
      }
      if (e instanceof NotFoundException) {
        return new NotFoundException(message, response, attempts, true, cause);
      }
      if (e instanceof ServerException) {
        return new ServerException(message, response, attempts, true, cause);
      }
      if (e instanceof MalformedResponseException) {
        return new MalformedResponseException(message, response, attempts, true, cause);
      }
      return new ApiException(message, response, attempts, true, cause);
    }
    if (e.getClass() == CallingestException.class) {
      return new CallingestException(message, e.response().orElse(null), attempts, true, cause);
    }
    // A type the transport does not know: keep it whole as the cause rather than lose its type.
    return new CallingestException(message, e.response().orElse(null), attempts, true, e);
  }
}
