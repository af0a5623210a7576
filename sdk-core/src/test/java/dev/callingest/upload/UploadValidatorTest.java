package dev.callingest.upload;

import static dev.callingest.upload.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ValidationException;
import dev.callingest.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadValidatorTest {
  private static List<Violation> violations(UploadBatch batch) {
    return catchThrowableOfType(ValidationException.class, batch::validate).violations();
  }

  private static List<Violation> violations(UploadCall... calls) {
    return violations(UploadBatch.of(List.of(calls)));
  }

  private static UploadCall.Builder valid(String id) {
    return UploadCall.builder().from(call(id));
  }

  @Test
  void documentExampleIsValid() {
    assertThatCode(() -> Fixtures.documentBatch().validate()).doesNotThrowAnyException();
  }

  @Test
  void emptyBatchIsRejected() {
    assertThat(violations(UploadBatch.builder().build()))
        .containsExactly(Violation.of("calls", "must hold 1 to 100 calls", null, "0 calls"));
  }

  @Test
  void batchOf101CallsIsRejectedAnd100IsAccepted() {
    assertThatCode(() -> Fixtures.batch(100).validate()).doesNotThrowAnyException();
    assertThat(violations(Fixtures.batch(101)))
        .containsExactly(Violation.of("calls", "must hold 1 to 100 calls", null, "101 calls"));
  }

  @Test
  void blankRequiredFieldsAreRejected() {
    UploadCall call = valid("x").externalId(" ").audioUrl("").userEmail("").build();

    assertThat(violations(call))
        .containsExactly(
            Violation.of("calls[0].external_id", "is required", null, " "),
            Violation.of("calls[0].audio_url", "is required", null, ""),
            Violation.of("calls[0].user_email", "is required", null, ""));
  }

  @Test
  void audioUrlMustBeHttpHttpsOrS3WithHostOrBucketAndKey() {
    String rule = "must be an http or https URL with a host, or an s3 URL with a bucket and an object key";
    assertThat(
            violations(
                valid("a").audioUrl("ftp://files.example.com/a.mp3").build(),
                valid("b").audioUrl("s3:///no-bucket.mp3").build(),
                valid("c").audioUrl("recordings/c.mp3").build(),
                valid("d").audioUrl("https://exa mple.com/d.mp3").build(),
                valid("e").audioUrl("S3://my_bucket/e.mp3").build(),
                valid("f").audioUrl("HTTP://example.com/f.wav").build(),
                valid("g").audioUrl("s3://bucket-only").build(),
                valid("h").audioUrl("s3://bucket-only/").build()))
        .containsExactly(
            Violation.of("calls[0].audio_url", rule, "a", "ftp://files.example.com/a.mp3"),
            Violation.of("calls[1].audio_url", rule, "b", "s3:///no-bucket.mp3"),
            Violation.of("calls[2].audio_url", rule, "c", "<not an absolute URL>"),
            Violation.of("calls[3].audio_url", rule, "d", "https://exa_mple.com/***"),
            Violation.of("calls[6].audio_url", rule, "g", "s3://bucket-only"),
            Violation.of("calls[7].audio_url", rule, "h", "s3://bucket-only/"));
  }

  @Test
  void emailsMustBeEmailAddresses() {
    String rule = "must be an email address such as name@example.com";
    assertThat(
            violations(
                valid("a").userEmail("rep.example.com").build(),
                valid("b").contactEmail("jane@localhost").build(),
                valid("c").contactEmail("jane doe@example.com").build(),
                valid("d").userEmail("rep@sub.example.co").contactEmail("j@example.org").build()))
        .containsExactly(
            Violation.of("calls[0].user_email", rule, "a", "rep.example.com"),
            Violation.of("calls[1].contact_email", rule, "b", "jane@localhost"),
            Violation.of("calls[2].contact_email", rule, "c", "jane doe@example.com"));
  }

  @Test
  void durationMustBePositive() {
    String rule = "must be a positive number of seconds";
    assertThat(
            violations(
                valid("a").durationSeconds(0).build(),
                valid("b").durationSeconds(-5).build(),
                valid("c").durationSeconds(1).build()))
        .containsExactly(
            Violation.of("calls[0].duration", rule, "a", "0"),
            Violation.of("calls[1].duration", rule, "b", "-5"));
  }

  @Test
  void externalIdsMustBeUniqueWithinTheBatch() {
    assertThat(violations(call("a"), call("b"), call("a"), call("a")))
        .containsExactly(
            Violation.of(
                "calls[2].external_id",
                "must be unique within the batch (calls[0] has it too)",
                "a",
                "a"),
            Violation.of(
                "calls[3].external_id",
                "must be unique within the batch (calls[0] has it too)",
                "a",
                "a"));
  }

  @Test
  void metadataValuesMustBeStringsFiniteNumbersOrBooleans() {
    UploadCall call =
        valid("a")
            .putMetadata("ok", "text")
            .putMetadata("count", 3)
            .putMetadata("flag", false)
            .putMetadata("tags", List.of("x", "y"))
            .putMetadata("ratio", Double.NaN)
            .build();

    assertThat(violations(call))
        .containsExactly(
            Violation.of(
                "calls[0].metadata.tags", "must be a string, number or boolean", "a", "[x, y]"),
            Violation.of("calls[0].metadata.ratio", "must be a finite number", "a", "NaN"));
  }

  @Test
  void everyViolationOfEveryCallIsReportedAtOnce() {
    UploadBatch batch =
        UploadBatch.of(
            List.of(
                call("ok-1"),
                valid("bad-1").userEmail("nobody").durationSeconds(0).build(),
                call("ok-2"),
                valid("bad-2").audioUrl("file:///tmp/x.mp3").contactEmail("@example.com").build(),
                valid("ok-1").build()));

    ValidationException e = catchThrowableOfType(ValidationException.class, batch::validate);

    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly(
            "calls[1].user_email",
            "calls[1].duration",
            "calls[3].audio_url",
            "calls[3].contact_email",
            "calls[4].external_id");
    assertThat(e.violations()).extracting(v -> v.recordId().orElse(null))
        .containsExactly("bad-1", "bad-1", "bad-2", "bad-2", "ok-1");
    assertThat(e.getMessage())
        .startsWith("upload batch is invalid (5 violations); nothing was sent:")
        .contains("calls[1].user_email must be an email address such as name@example.com (id bad-1)");
  }
}
