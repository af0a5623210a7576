package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ApiException;
import dev.callingest.CallingestException;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerValidationException;
import dev.callingest.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
  static RawResponse raw(int status, String body) {
    return new RawResponse(
        status, Headers.of("X-Request-Id", "req_7"), body.getBytes(StandardCharsets.UTF_8), 2);
  }

  @ParameterizedTest
  @CsvSource({
    "400, dev.callingest.ApiException",
    "401, dev.callingest.AuthenticationException",
    "403, dev.callingest.AuthenticationException",
    "404, dev.callingest.NotFoundException",
    "409, dev.callingest.ApiException",
    "422, dev.callingest.ServerValidationException",
    "429, dev.callingest.RateLimitedException",
    "500, dev.callingest.ServerException",
    "503, dev.callingest.ServerException"
  })
  void theStatusChoosesTheExceptionType(int status, String type) {
    CallingestException e =
        ErrorMapping.exceptionFor(raw(status, "{}"), null, null, null, List.of());

    assertThat(e.getClass().getName()).isEqualTo(type);
    assertThat(e.statusCode()).hasValue(status);
    assertThat(e.requestId()).contains("req_7");
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e).hasMessage("HTTP " + status + " (after 2 attempts)");
  }

  @Test
  void violationsMakeAServerValidationErrorWhateverTheStatus() {
    List<Violation> violations =
        List.of(Violation.of("data[0].call.id", "is required", null, null));

    CallingestException e =
        ErrorMapping.exceptionFor(raw(400, "{}"), "BAD", "nope", null, violations);

    assertThat(e).isInstanceOf(ServerValidationException.class);
    assertThat(((ServerValidationException) e).violations()).isEqualTo(violations);
    assertThat(((ApiException) e).errorResponse().errorCode()).contains("BAD");
  }

  @Test
  void aRateLimitCarriesTheWaitTheServerAskedFor() {
    CallingestException e =
        ErrorMapping.exceptionFor(raw(429, ""), null, null, Duration.ofSeconds(7), List.of());

    assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(((RateLimitedException) e).isClientSide()).isFalse();
  }

  @Test
  void theErrorResponseKeepsARedactedBoundedExcerpt() {
    String body = "{\"message\":\"bad https://x.test/a.mp3?sig=SECRET\"}" + "x".repeat(5000);

    var response =
        ErrorMapping.responseOf(raw(500, body), null, "see https://x.test/a?token=SECRET");

    assertThat(response.bodyExcerpt()).doesNotContain("SECRET").hasSizeLessThan(2100);
    assertThat(response.message()).hasValueSatisfying(m -> assertThat(m).doesNotContain("SECRET"));
    assertThat(response.requestId()).contains("req_7");
  }

  @Test
  void thePacingRefusalIsClientSide() {
    RateLimitedException e =
        new RateLimitedException("client-side pacing: full", Duration.ofSeconds(3));

    assertThat(e.isClientSide()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(e.statusCode()).isEmpty();
  }
}
