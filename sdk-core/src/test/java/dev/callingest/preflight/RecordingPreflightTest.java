package dev.callingest.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.FakeTime;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordingPreflightTest {
  static final String SIGNATURE =
      "f00dfacecafe0123456789abcdef0123456789abcdef0123456789abcdef0123";

  @StartStop final MockWebServer server = new MockWebServer();
  final RecordingServer host = new RecordingServer();
  final FakeTime time = new FakeTime(Instant.parse("2026-01-15T10:00:00Z"));
  RecordingPreflight upload;
  RecordingPreflight partner;

  @BeforeEach
  void setUp() {
    server.setDispatcher(host);
    PreflightOptions options =
        PreflightOptions.builder().clock(time).timeout(Duration.ofSeconds(2)).build();
    upload = RecordingPreflight.forUploadApi(options);
    partner = RecordingPreflight.forPartnerApi(options);
  }

  String url(String path) {
    return server.url(path).toString();
  }

  @Test
  void recognisesEachDocumentedFormatFromItsFirstBytes() {
    host.files.put("/a.mp3", AudioFiles.mp3());
    host.files.put("/b.mp3", AudioFiles.mp3Frames());
    host.files.put("/a.wav", AudioFiles.wav());
    host.files.put("/a.m4a", AudioFiles.m4a());
    host.files.put("/a.aac", AudioFiles.aac());
    // The names lie: the bytes decide.
    host.files.put("/recording", AudioFiles.wav());

    assertThat(upload.check(url("/a.mp3")).format()).contains(RecordingFormat.MP3);
    assertThat(upload.check(url("/b.mp3")).format()).contains(RecordingFormat.MP3);
    assertThat(upload.check(url("/a.wav")).format()).contains(RecordingFormat.WAV);
    assertThat(upload.check(url("/a.m4a")).format()).contains(RecordingFormat.M4A);
    assertThat(upload.check(url("/a.aac")).format()).contains(RecordingFormat.AAC);
    PreflightResult unnamed = upload.check(url("/recording"));
    assertThat(unnamed.status()).isEqualTo(PreflightResult.Status.PASSED);
    assertThat(unnamed.format()).contains(RecordingFormat.WAV);
    assertThat(unnamed.size()).hasValue(AudioFiles.wav().length);
    assertThat(unnamed.warnings()).isEmpty();
    // HEAD for the size, then a GET of the first 64 bytes only.
    assertThat(host.requests).endsWith("HEAD /recording", "GET /recording");
  }

  @Test
  void anMp4OfAnotherBrandPassesWithAWarningForTheUploadApiAndPlainlyForThePartnerApi() {
    host.files.put("/clip.mp4", AudioFiles.mp4());

    PreflightResult forUpload = upload.check(url("/clip.mp4"));
    PreflightResult forPartner = partner.check(url("/clip.mp4"));

    assertThat(forUpload.passed()).isTrue();
    assertThat(forUpload.warnings())
        .containsExactly(
            "the recording is an MPEG-4 file without the M4A brand; the Upload API documents M4A");
    assertThat(forPartner.passed()).isTrue();
    assertThat(forPartner.format()).contains(RecordingFormat.MP4);
    assertThat(forPartner.warnings()).isEmpty();
  }

  @Test
  void anHtmlPageServedWith200Fails() {
    host.files.put("/call.html", AudioFiles.html());

    PreflightResult result = upload.check(url("/call.html"));

    assertThat(result.status()).isEqualTo(PreflightResult.Status.FAILED);
    assertThat(result.reason())
        .contains(
            "the recording URL serves an HTML page, not MP3, WAV, M4A or AAC audio (content type text/html)");
  }

  @Test
  void forbiddenAndMissingRecordingsFailWithTheirStatus() {
    host.statuses.put("/private.mp3", 403);

    assertThat(upload.check(url("/private.mp3")).reason())
        .contains(
            "the recording URL answered HTTP 403 (not public, or its signature is wrong or expired)");
    assertThat(upload.check(url("/gone.mp3")).reason())
        .contains("the recording URL answered HTTP 404 (no such file)");
    // A refused HEAD does not decide: the GET does.
    assertThat(host.requests)
        .containsExactly(
            "HEAD /private.mp3", "GET /private.mp3", "HEAD /gone.mp3", "GET /gone.mp3");
  }

  @Test
  void aHostThatRefusesHeadIsCheckedWithARangedGet() {
    host.files.put("/no-head.wav", AudioFiles.wav());
    host.headRefused.add("/no-head.wav");

    PreflightResult result = upload.check(url("/no-head.wav"));

    assertThat(result.passed()).isTrue();
    assertThat(result.format()).contains(RecordingFormat.WAV);
    assertThat(result.size()).hasValue(AudioFiles.wav().length); // from Content-Range
  }

  @Test
  void followsARedirectChainUpToTheLimit() {
    host.files.put("/final.mp3", AudioFiles.mp3());
    host.redirects.put("/r1", "/r2");
    host.redirects.put("/r2", url("/r3"));
    host.redirects.put("/r3", "/final.mp3");
    for (int i = 0; i < 10; i++) host.redirects.put("/loop" + i, "/loop" + (i + 1));

    PreflightResult chain = upload.check(url("/r1"));
    PreflightResult loop = upload.check(url("/loop0"));
    PreflightResult away =
        RecordingPreflight.forUploadApi(
                PreflightOptions.builder().maxRedirects(2).clock(time).build())
            .check(url("/r1"));

    assertThat(chain.passed()).isTrue();
    assertThat(chain.format()).contains(RecordingFormat.MP3);
    assertThat(loop.reason()).contains("the recording URL redirects more than 5 times");
    assertThat(away.reason()).contains("the recording URL redirects more than 2 times");
  }

  @Test
  void aRecordingOver2GbFailsForTheUploadApiAndOver200MbWarns() {
    long threeGb = 3L * 1024 * 1024 * 1024;
    host.declaredLengths.put("/huge.wav", threeGb);
    host.files.put("/huge.wav", AudioFiles.wav());
    host.declaredLengths.put("/big.wav", 300L * 1024 * 1024);
    host.files.put("/big.wav", AudioFiles.wav());

    PreflightResult huge = upload.check(url("/huge.wav"));
    PreflightResult big = upload.check(url("/big.wav"));
    PreflightResult hugeForPartner = partner.check(url("/huge.wav"));

    assertThat(huge.reason())
        .contains(
            "the recording is 3221225472 bytes, more than the 2147483648-byte (2 GB) limit of the Upload API");
    assertThat(big.passed()).isTrue();
    assertThat(big.warnings())
        .containsExactly("the recording is 314572800 bytes, more than the recommended 200 MB");
    assertThat(hugeForPartner.passed()).isTrue();
    assertThat(hugeForPartner.warnings())
        .singleElement()
        .asString()
        .startsWith("the recording is 3221225472 bytes, more than 2 GB");
  }

  @Test
  void anExpiredPresignedUrlFailsWithoutAnyRequestAndWithoutItsQuery() {
    host.files.put("/signed.mp3", AudioFiles.mp3());
    String signed =
        url("/signed.mp3")
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAEXAMPLE%2F20260115%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20260115T083000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature="
            + SIGNATURE;

    PreflightResult result = upload.check(signed);

    assertThat(result.status()).isEqualTo(PreflightResult.Status.FAILED);
    assertThat(result.reason())
        .contains("the presigned recording URL expired at 2026-01-15T09:30:00Z");
    assertThat(result.expiresAt()).contains(Instant.parse("2026-01-15T09:30:00Z"));
    assertThat(result.toString())
        .doesNotContain(SIGNATURE)
        .doesNotContain("AKIAEXAMPLE")
        .doesNotContain("?");
    assertThat(host.requests).isEmpty();
  }

  @Test
  void aPresignedUrlMustOutliveTheSendTimePlusTheProcessingAllowance() {
    host.files.put("/signed.mp3", AudioFiles.mp3());
    // Signed at 09:45 for 1 h: valid until 10:45, 45 minutes from now.
    String signed =
        url("/signed.mp3")
            + "?X-Amz-Date=20260115T094500Z&X-Amz-Expires=3600"
            + "&X-Amz-Signature="
            + SIGNATURE;

    PreflightResult now = upload.check(signed);
    PreflightResult later = upload.check(signed, time.instant().plus(Duration.ofMinutes(20)));

    assertThat(now.passed()).isTrue();
    assertThat(now.expiresAt()).contains(Instant.parse("2026-01-15T10:45:00Z"));
    assertThat(later.reason())
        .contains(
            "the presigned recording URL expires at 2026-01-15T10:45:00Z,"
                + " before the call is sent (estimated 2026-01-15T10:20:00Z) and processed (allowing 30 min)");
    assertThat(later.toString()).doesNotContain(SIGNATURE);
    // The host saw the whole URL (it needs the signature); only the passing check went out.
    assertThat(host.requests).hasSize(2).allMatch(r -> r.contains(SIGNATURE));
  }

  @Test
  void readsAnAwsV2Expiry() {
    String v2 =
        url("/old.mp3") + "?AWSAccessKeyId=AKIAEXAMPLE&Expires=1768469400&Signature=" + SIGNATURE;

    PreflightResult result = upload.check(v2);

    assertThat(result.reason())
        .contains("the presigned recording URL expired at 2026-01-15T09:30:00Z");
  }

  @Test
  void anS3UrlIsNotCheckedAndNotRefused() {
    PreflightResult result = upload.check("s3://my-bucket/calls/1.mp3");

    assertThat(result.status()).isEqualTo(PreflightResult.Status.NOT_CHECKED);
    assertThat(result.failed()).isFalse();
    assertThat(result.reason())
        .contains(
            "an s3:// recording is read with the API's own credentials; the preflight cannot check it");
  }

  @Test
  void anUnreachableHostFailsWithoutItsQuery() throws Exception {
    String url = url("/a.mp3") + "?token=" + SIGNATURE;
    server.close(); // nothing listens there any more

    PreflightResult result = upload.check(url);

    assertThat(result.status()).isEqualTo(PreflightResult.Status.FAILED);
    assertThat(result.reason().orElseThrow())
        .startsWith("the recording's host " + server.getHostName() + " could not be reached")
        .doesNotContain(SIGNATURE);
  }

  @Test
  void anEmptyRecordingFails() {
    host.files.put("/empty.wav", new byte[0]);

    PreflightResult result = upload.check(url("/empty.wav"));

    assertThat(result.reason()).contains("the recording is empty (0 bytes)");
  }
}
