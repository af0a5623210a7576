package dev.callingest.upload;

import static dev.callingest.upload.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.callingest.ValidationException;
import dev.callingest.Violation;
import dev.callingest.internal.Json;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadValidatorTest {
  private static final UploadClient CLIENT = Fixtures.offlineClient();

  /** The listed violations, checked to be exactly those the throwing entry point carries. */
  private static List<Violation> violations(UploadBatch batch) {
    List<Violation> listed = CLIENT.validate(batch);
    assertThat(
            catchThrowableOfType(ValidationException.class, () -> CLIENT.checkValid(batch))
                .violations())
        .isEqualTo(listed);
    return listed;
  }

  private static List<Violation> violations(UploadCall... calls) {
    return violations(UploadBatch.of(List.of(calls)));
  }

  private static UploadCall.Builder valid(String id) {
    return UploadCall.builder().from(call(id));
  }

  @Test
  void documentExampleIsValid() {
    assertThatCode(() -> CLIENT.checkValid(Fixtures.documentBatch())).doesNotThrowAnyException();
  }

  @Test
  void emptyBatchIsRejected() {
    assertThat(violations(UploadBatch.builder().build()))
        .containsExactly(Violation.of("calls", "must hold 1 to 100 calls", null, "0 calls"));
  }

  @Test
  void batchOf101CallsIsRejectedAnd100IsAccepted() {
    assertThatCode(() -> CLIENT.checkValid(Fixtures.batch(100))).doesNotThrowAnyException();
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
    String rule = UploadValidator.AUDIO_URL_RULE;
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
            Violation.of(
                "calls[0].audio_url",
                rule + " (it has the scheme ftp)",
                "a",
                "ftp://files.example.com/a.mp3"),
            Violation.of(
                "calls[1].audio_url", rule + " (it has no host)", "b", "s3:///no-bucket.mp3"),
            Violation.of(
                "calls[2].audio_url",
                rule + " (it is not an absolute URL with a scheme and a host)",
                "c",
                "<not an absolute URL>"),
            Violation.of(
                "calls[3].audio_url",
                rule + " (it contains white space or a control character)",
                "d",
                "https://exa_mple.com/***"),
            Violation.of(
                "calls[6].audio_url", rule + " (it names no object key)", "g", "s3://bucket-only"),
            Violation.of(
                "calls[7].audio_url",
                rule + " (it names no object key)",
                "h",
                "s3://bucket-only/"));
  }

  @Test
  void anS3AudioUrlHasNoPortAndNoHostLabelEndsInAHyphen() {
    String rule = UploadValidator.AUDIO_URL_RULE;
    assertThat(
            violations(
                valid("a").audioUrl("s3://bucket-1:443/a.mp3").build(),
                valid("b").audioUrl("s3://bucket-1:/a.mp3").build(),
                valid("c").audioUrl("https://rec-.example.com/c.mp3").build(),
                valid("d").audioUrl("s3://-bucket/d.mp3").build(),
                valid("e").audioUrl("https://rec.example.com:443/e.mp3").build(),
                valid("f").audioUrl("s3://bucket-1/f.mp3").build()))
        .extracting(Violation::path, Violation::rule)
        .containsExactly(
            tuple(
                "calls[0].audio_url",
                rule + " (it has a colon after its bucket; an s3 URL has no port)"),
            tuple(
                "calls[1].audio_url",
                rule + " (it has a colon after its bucket; an s3 URL has no port)"),
            tuple(
                "calls[2].audio_url",
                rule + " (it has a host label that starts or ends with a hyphen)"),
            tuple(
                "calls[3].audio_url",
                rule + " (it has a host label that starts or ends with a hyphen)"));
  }

  @Test
  void audioUrlNeedsARealHostAndAPortInRange() {
    String rule = UploadValidator.AUDIO_URL_RULE;
    assertThat(
            violations(
                valid("a").audioUrl("https://:8080/call.mp3").build(),
                valid("b").audioUrl("s3://:8080/call.mp3").build(),
                valid("c").audioUrl("https://recordings.example.com:65536/call.mp3").build(),
                valid("d").audioUrl("https://recordings..example.com/call.mp3").build(),
                valid("e").audioUrl("https://recordings.example.com:65535/call.mp3").build(),
                valid("f").audioUrl("https://[2001:db8::1]:0/call.mp3").build()))
        .containsExactly(
            Violation.of(
                "calls[0].audio_url", rule + " (it has no host)", "a", "https://:8080/call.mp3"),
            Violation.of(
                "calls[1].audio_url", rule + " (it has no host)", "b", "s3://:8080/call.mp3"),
            Violation.of(
                "calls[2].audio_url",
                rule + " (it has a port that is not a number from 0 to 65535)",
                "c",
                "https://recordings.example.com:65536/call.mp3"),
            Violation.of(
                "calls[3].audio_url",
                rule + " (it has an empty label in its host)",
                "d",
                "https://recordings..example.com/call.mp3"));
  }

  @Test
  void audioUrlViolationsShowNeitherUserInfoNorQuery() {
    Violation violation =
        violations(
                valid("a").audioUrl("https://key:secret@:8080/a.mp3?X-Amz-Signature=abc").build())
            .get(0);

    assertThat(violation.rejectedValue()).contains("https://:8080/***?***");
    assertThat(violation.toString()).doesNotContain("secret").doesNotContain("abc");
  }

  @Test
  void unicodeWhiteSpaceIsBlank() {
    UploadCall call =
        valid("x").externalId("\u00A0").audioUrl("\u3000").userEmail("\u2007\uFEFF").build();

    assertThat(violations(call))
        .containsExactly(
            Violation.of("calls[0].external_id", "is required", null, "\u00A0"),
            Violation.of("calls[0].audio_url", "is required", null, "\u3000"),
            Violation.of("calls[0].user_email", "is required", null, "\u2007\uFEFF"));
    // Control characters that Java calls white space are text to the server.
    assertThat(violations(valid("x").externalId("\u001C").userEmail("").build()))
        .extracting(Violation::path)
        .containsExactly("calls[0].user_email");
  }

  @Test
  void callDateMustHaveAFourDigitYear() {
    String rule = "must have a year from 0001 to 9999";
    assertThat(
            violations(
                valid("a").callDate(OffsetDateTime.parse("+10000-01-01T00:00:00Z")).build(),
                valid("b").callDate(OffsetDateTime.parse("0000-06-01T00:00:00+01:00")).build(),
                valid("c").callDate(OffsetDateTime.parse("0001-01-01T00:00:00Z")).build(),
                valid("d").callDate(OffsetDateTime.parse("9999-12-31T23:59:59+05:30")).build()))
        .containsExactly(
            Violation.of("calls[0].call_date", rule, "a", "+10000-01-01T00:00:00Z"),
            Violation.of("calls[1].call_date", rule, "b", "0000-05-31T23:00:00Z"));
  }

  @Test
  void callDateWithSecondsInItsOffsetIsSentInUtc() {
    UploadCall call =
        valid("a").callDate(OffsetDateTime.parse("1900-05-01T12:00:00+00:19:32")).build();

    assertThatCode(() -> CLIENT.checkValid(UploadBatch.of(List.of(call))))
        .doesNotThrowAnyException();
    assertThat(new String(Json.toBytes(UploadJson.CALL, call)))
        .contains("\"call_date\":\"1900-05-01T11:40:28Z\"");
  }

  @Test
  void emailsFollowTheServersRule() {
    String rule = "must be an email address such as name@example.com";
    assertThat(
            violations(
                valid("a").userEmail("rep..lind@example.com").build(),
                valid("b").userEmail("rep@example.c").build(),
                valid("c").userEmail("r".repeat(65) + "@example.com").build(),
                valid("d").userEmail("rep@[192.0.2.1]").build(),
                valid("e").contactEmail("jane@192.0.2.1").build(),
                valid("f")
                    .userEmail("r".repeat(64) + "@example.com")
                    .contactEmail("\"jane doe\"@example.org")
                    .build()))
        .containsExactly(
            Violation.of("calls[0].user_email", rule, "a", "rep..lind@example.com"),
            Violation.of("calls[1].user_email", rule, "b", "rep@example.c"),
            Violation.of("calls[2].user_email", rule, "c", "r".repeat(65) + "@example.com"),
            Violation.of("calls[3].user_email", rule, "d", "rep@[192.0.2.1]"),
            Violation.of("calls[4].contact_email", rule, "e", "jane@192.0.2.1"));
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
  void metadataTakesStringsNumbersAndBooleansAndRefusesANonFiniteNumberAtOnce() {
    UploadCall call =
        valid("a")
            .putMetadata("ok", "text")
            .putMetadata("count", 3)
            .putMetadata("ratio", 0.5)
            .putMetadata("flag", false)
            .build();

    assertThatCode(() -> CLIENT.checkValid(UploadBatch.of(List.of(call))))
        .doesNotThrowAnyException();
    assertThat(call.metadata().get("count").asLong()).hasValue(3);
    assertThat(call.metadata().get("flag").asBoolean()).contains(false);
    assertThatThrownBy(() -> valid("b").putMetadata("ratio", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value must be a finite number: NaN");
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

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> CLIENT.checkValid(batch));

    assertThat(e.violations())
        .extracting(Violation::path)
        .containsExactly(
            "calls[1].user_email",
            "calls[1].duration",
            "calls[3].audio_url",
            "calls[3].contact_email",
            "calls[4].external_id");
    assertThat(e.violations())
        .extracting(v -> v.recordId().orElse(null))
        .containsExactly("bad-1", "bad-1", "bad-2", "bad-2", "ok-1");
    assertThat(e.getMessage())
        .startsWith("upload batch is invalid (5 violations); nothing was sent:")
        .contains(
            "calls[1].user_email must be an email address such as name@example.com (id bad-1)");
  }

  @Test
  void aCallCheckedAloneGetsTheViolationsOfABatchOfItAlone() {
    java.util.Random random = new java.util.Random(24);
    String[] ids = {"c-1", " ", "", "id with space"};
    String[] urls = {
      "https://cdn.example.com/a.mp3", "", "ftp://x/y", "s3://bucket", "https://-bad.example.com/a"
    };
    String[] emails = {"rep@example.com", "", "nobody", "a@b", "@example.com"};
    for (int i = 0; i < 2_000; i++) {
      UploadCall.Builder builder =
          valid("x")
              .externalId(ids[random.nextInt(ids.length)])
              .audioUrl(urls[random.nextInt(urls.length)])
              .userEmail(emails[random.nextInt(emails.length)]);
      if (random.nextBoolean()) builder.contactEmail(emails[random.nextInt(emails.length)]);
      if (random.nextBoolean()) builder.durationSeconds(random.nextInt(3) - 1);
      if (random.nextInt(8) == 0) builder.callDate(OffsetDateTime.parse("+10000-01-01T00:00:00Z"));
      UploadCall call = builder.build();

      assertThat(UploadValidator.violations(call))
          .isEqualTo(UploadValidator.violations(UploadBatch.of(List.of(call))));
    }
  }
}
