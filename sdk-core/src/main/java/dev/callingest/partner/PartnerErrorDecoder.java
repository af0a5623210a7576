package dev.callingest.partner;

import com.squareup.moshi.JsonDataException;
import dev.callingest.CallingestException;
import dev.callingest.Violation;
import dev.callingest.internal.ErrorDecoder;
import dev.callingest.internal.ErrorMapping;
import dev.callingest.internal.RawResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Partner API's error bodies, {@code {"success": false, "message": ..., "errors":
 * [...]}}. The status decides the exception type: 400 (missing tenant or sub-tenant id) an {@code
 * ApiException}, 403 an {@code AuthenticationException}, 422 a {@code ServerValidationException}
 * whose violations are the body's {@code errors}, 429 a {@code RateLimitedException}, 5xx a {@code
 * ServerException}. A body that cannot be read still yields the exception for its status.
 */
final class PartnerErrorDecoder implements ErrorDecoder {
  @Override
  public CallingestException decode(RawResponse response, @Nullable Duration retryAfter) {
    Optional<PartnerJson.ErrorBody> body = read(response);
    String message = body.map(PartnerJson.ErrorBody::message).orElse(null);
    List<Violation> violations = new ArrayList<>();
    if (body.isPresent()) {
      for (PartnerJson.FieldError error : body.get().errors()) {
        violations.add(
            Violation.of(
                error.field() == null ? "(unknown field)" : error.field(),
                error.message() == null ? "rejected by the server" : error.message(),
                null,
                null));
      }
    }
    return ErrorMapping.exceptionFor(response, null, message, retryAfter, violations);
  }

  /** The wait a 429's message asks for, such as {@code "... Try again in 60 seconds."}. */
  @Override
  public Optional<Duration> retryAfterHint(RawResponse response) {
    if (response.statusCode() != 429) return Optional.empty();
    return read(response)
        .flatMap(body -> Optional.ofNullable(body.message()))
        .flatMap(PartnerRetryHint::fromMessage);
  }

  private static Optional<PartnerJson.ErrorBody> read(RawResponse response) {
    if (response.body().length == 0) return Optional.empty();
    try {
      return Optional.of(PartnerJson.readError(response.body()));
    } catch (IOException | JsonDataException e) {
      return Optional.empty();
    }
  }
}
