package dev.callingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {
  static final Credentials CREDENTIALS =
      new Credentials() {
        @Override
        public void writeHeaders(BiConsumer<String, String> header) {
          header.accept("Authorization", "Bearer k");
        }
      };

  @Test
  void requiresHttpsExceptOnLoopback() {
    ClientOptions.Builder builder = ClientOptions.builder();
    assertThatThrownBy(() -> builder.baseUrl("http://api.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "baseUrl must use https (plain http is allowed only on loopback hosts): http://api.example.com/");
    assertThatThrownBy(() -> builder.baseUrl("ftp://api.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl is not an http or https URL: ftp://api.example.com");
    assertThat(
            builder
                .baseUrl("https://api.example.com/api/v1")
                .credentials(CREDENTIALS)
                .build()
                .baseUrl())
        .hasToString("https://api.example.com/api/v1");
    assertThat(builder.baseUrl("http://localhost:8080").build().baseUrl().port()).isEqualTo(8080);
    assertThat(builder.baseUrl("http://127.0.0.1:9").build().baseUrl().host())
        .isEqualTo("127.0.0.1");
    assertThat(builder.baseUrl("http://[::1]:9").build().baseUrl().host()).isEqualTo("::1");
  }

  @Test
  void defaultsMatchTheDocumentedValues() {
    ClientOptions options =
        ClientOptions.builder().baseUrl("https://api.example.com").credentials(CREDENTIALS).build();
    assertThat(options.maxRetries()).isEqualTo(2);
    assertThat(options.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
    assertThat(options.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.retryInDoubtRequests()).isTrue();
    assertThat(options.deadline()).isEmpty();
    assertThat(options.newBuilder().maxRetries(5).build().maxRetries()).isEqualTo(5);
  }

  @Test
  void incompleteOrBadValuesAreRefused() {
    assertThatThrownBy(() -> ClientOptions.builder().credentials(CREDENTIALS).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("baseUrl is required");
    assertThatThrownBy(() -> ClientOptions.builder().baseUrl("https://a.example").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("credentials are required");
    assertThatThrownBy(() -> ClientOptions.builder().maxRetries(11))
        .hasMessage("maxRetries must be between 0 and 10: 11");
    assertThatThrownBy(() -> ClientOptions.builder().readTimeout(Duration.ZERO))
        .hasMessage("readTimeout must be positive: PT0S");
    assertThatThrownBy(
            () -> ClientOptions.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("maxBackoff must be at least initialBackoff");
    assertThatThrownBy(() -> RequestOptions.builder().idempotencyKey("has space"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validationExceptionListsEveryViolation() {
    ValidationException e =
        new ValidationException(
            "upload batch",
            java.util.List.of(
                Violation.of("calls[0].user_email", "must be a valid email address", "c-1", "nope"),
                Violation.of("calls[2].duration", "must be greater than 0", "c-3", "0")));
    assertThat(e)
        .hasMessage(
            "upload batch is invalid (2 violations); nothing was sent:\n"
                + "  calls[0].user_email must be a valid email address (id c-1): rejected value 'nope'\n"
                + "  calls[2].duration must be greater than 0 (id c-3): rejected value '0'");
    assertThat(e.violations()).hasSize(2);
    assertThat(e.attempts()).isZero();
  }
}
