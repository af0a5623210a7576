package dev.callingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingFormat;
import dev.callingest.upload.WaitOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand classes turned Immutables values: equality, copies and the redaction they keep. */
class PublicValuesTest {
  private static final String SIGNED =
      "https://bucket.example/rec.mp3?X-Amz-Signature=SECRETSIG&X-Amz-Credential=KEY";

  @Test
  void errorResponsesWithTheSameFieldsAreEqual() {
    ErrorResponse one =
        ErrorResponse.builder().statusCode(429).errorCode("RATE_LIMITED").requestId("r1").build();
    ErrorResponse two =
        ErrorResponse.builder().statusCode(429).errorCode("RATE_LIMITED").requestId("r1").build();

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    assertThat(one.newBuilder().requestId("r2").build()).isNotEqualTo(one);
    assertThat(one.newBuilder().build()).isEqualTo(one);
    assertThat(one.bodyExcerpt()).isEmpty();
    assertThat(one).hasToString("ErrorResponse{status=429, code=RATE_LIMITED, requestId=r1}");
  }

  @Test
  void errorResponseRedactsUrlsAndCutsTheBodyWhoeverBuildsIt() {
    String body = "x".repeat(ErrorResponse.MAX_EXCERPT_CHARS + 10);
    ErrorResponse response =
        ErrorResponse.builder()
            .statusCode(400)
            .message("cannot fetch " + SIGNED)
            .bodyExcerpt(body)
            .build();

    assertThat(response.message()).hasValue("cannot fetch https://bucket.example/***?***");
    assertThat(response.toString()).doesNotContain("SECRETSIG").doesNotContain("KEY");
    assertThat(response.bodyExcerpt())
        .isEqualTo("x".repeat(ErrorResponse.MAX_EXCERPT_CHARS) + "...(2058 chars)");
    assertThat(response.newBuilder().build()).isEqualTo(response);
    assertThatThrownBy(() -> ErrorResponse.builder().statusCode(42).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statusCode must be 100 to 599: 42");
  }

  @Test
  void importReportsWithTheSameCountsAreEqual() {
    Map<OutcomeKind, Long> counts = new EnumMap<>(OutcomeKind.class);
    counts.put(OutcomeKind.ACCEPTED, 7L);
    counts.put(OutcomeKind.REJECTED, 2L);
    counts.put(OutcomeKind.FAILED, 0L);
    ImportReport report =
        ImportReport.builder().read(9).counts(counts).elapsed(Duration.ofSeconds(3)).build();
    ImportReport same =
        ImportReport.builder()
            .read(9)
            .putCounts(OutcomeKind.REJECTED, 2L)
            .putCounts(OutcomeKind.ACCEPTED, 7L)
            .elapsed(Duration.ofSeconds(3))
            .build();

    assertThat(report).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(report.accepted()).isEqualTo(7);
    assertThat(report.failed()).isZero();
    assertThat(report.newBuilder().cancelled(true).build()).isNotEqualTo(report);
    assertThat(report).hasToString("ImportReport{read=9, accepted=7, rejected=2, elapsed=PT3S}");
    assertThatThrownBy(
            () -> ImportReport.builder().read(1).putCounts(OutcomeKind.FAILED, -1L).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FAILED count < 0: -1");
  }

  @Test
  void preflightResultsAreEqualAndNeverShowASignature() {
    Instant expiry = Instant.parse("2026-01-02T03:04:05Z");
    PreflightResult failed =
        PreflightResult.builder()
            .status(PreflightResult.Status.FAILED)
            .reason("HTTP 403 from " + SIGNED)
            .expiresAt(expiry)
            .build();
    PreflightResult same =
        PreflightResult.builder()
            .status(PreflightResult.Status.FAILED)
            .reason("HTTP 403 from https://bucket.example/***?***")
            .expiresAt(expiry)
            .build();

    assertThat(failed).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.toString()).doesNotContain("SECRETSIG").doesNotContain("rec.mp3");
    assertThat(
            failed
                .newBuilder()
                .status(PreflightResult.Status.PASSED)
                .format(RecordingFormat.MP3)
                .build()
                .passed())
        .isTrue();
  }

  @Test
  void optionsDeriveVariantsThroughNewBuilder() {
    RequestOptions base =
        RequestOptions.builder().maxRetries(2).deadline(Duration.ofSeconds(9)).build();
    RequestOptions variant = base.newBuilder().idempotencyKey("k1").build();

    assertThat(variant.maxRetries()).hasValue(2);
    assertThat(variant.deadline()).contains(Duration.ofSeconds(9));
    assertThat(variant.idempotencyKey()).contains("k1");
    assertThat(base.idempotencyKey()).isEmpty();

    WaitOptions waits = WaitOptions.builder().timeout(Duration.ofMinutes(5)).build();
    WaitOptions longer = waits.newBuilder().timeout(Duration.ofMinutes(9)).build();
    assertThat(longer.timeout()).isEqualTo(Duration.ofMinutes(9));
    assertThat(longer.initialInterval()).isEqualTo(waits.initialInterval());
    assertThat(longer.progressListener()).isSameAs(waits.progressListener());
  }
}
