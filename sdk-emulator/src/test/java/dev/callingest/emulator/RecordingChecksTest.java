package dev.callingest.emulator;

import static dev.callingest.emulator.TestHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator serves recordings as file hosts do and refuses the ones a real fetch would fail; the
 * SDK's preflight is held to the same five verdicts in sdk-examples' PreflightAgreementTest.
 */
@SuppressWarnings("unchecked")
class RecordingChecksTest {
  private static final String KEY = "test-upload-key";
  private static final String[] PARTNER_AUTH = {
    "x-api-key", "k", "x-api-secret", "s", "x-tenant-id", "t1", "x-sub-tenant-id", "st1"
  };
  private static final DateTimeFormatter AMZ =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Emulator emulator;

  @AfterEach
  void tearDown() {
    if (emulator != null) emulator.close();
  }

  private void start() {
    emulator =
        Emulator.builder()
            .uploadApiKey(KEY)
            .partnerCredentials("k", "s", "t1", "st1")
            .allStages(Duration.ofMillis(5))
            .callbackDelay(Duration.ofMillis(5))
            .audioFile("notes.mp3", "these are notes, not audio".getBytes(StandardCharsets.UTF_8))
            .build()
            .start();
  }

  /**
   * Signed at {@code signedAt} for one hour, by the v4 rules, with a signature no one may print.
   */
  private static String signed(String url, Instant signedAt) {
    return url
        + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date="
        + AMZ.format(signedAt)
        + "&X-Amz-Expires=3600&X-Amz-Signature=0badc0ffee";
  }

  @Test
  void answersHeadWithTheLengthAndARangeWith206() throws Exception {
    start();
    byte[] wav = WavTone.sample();

    HttpResponse<byte[]> head =
        TestHttp.CLIENT.send(
            HttpRequest.newBuilder(URI.create(emulator.audioUrl("a.wav")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> range =
        TestHttp.CLIENT.send(
            HttpRequest.newBuilder(URI.create(emulator.audioUrl("a.wav")))
                .header("Range", "bytes=0-15")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> past =
        TestHttp.CLIENT.send(
            HttpRequest.newBuilder(URI.create(emulator.audioUrl("a.wav")))
                .header("Range", "bytes=" + wav.length + "-")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(wav.length);
    assertThat(head.body()).isEmpty();
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 0-15/" + wav.length);
    assertThat(range.body()).containsExactly(java.util.Arrays.copyOf(wav, 16));
    assertThat(past.statusCode()).isEqualTo(416);
  }

  @Test
  void itsFetchRefusesMissingHtmlAndExpiredRecordings() throws Exception {
    start();
    Instant now = Instant.now();
    List<String> urls =
        List.of(
            emulator.audioUrl("good.wav"),
            emulator.audioUrl("missing.mp3"),
            emulator.audioUrl("notes.mp3"),
            signed(emulator.audioUrl("fresh.wav"), now.minus(Duration.ofMinutes(5))),
            signed(emulator.audioUrl("stale.wav"), now.minus(Duration.ofHours(2))));
    StringBuilder calls = new StringBuilder();
    for (int i = 0; i < urls.size(); i++) {
      if (i > 0) calls.append(',');
      calls
          .append("{\"external_id\":\"c")
          .append(i)
          .append("\",\"audio_url\":\"")
          .append(urls.get(i))
          .append(
              "\",\"user_email\":\"agent@company.com\",\"call_date\":\"2025-01-15T14:30:00Z\"}");
    }
    HttpResponse<String> submitted =
        TestHttp.post(
            emulator.uploadBaseUrl() + "/v1/calls/batch-upload",
            "{\"calls\":[" + calls + "]}",
            "Authorization",
            "Bearer " + KEY);
    String batchId = (String) TestHttp.json(submitted.body()).get("batch_id");
    await(
        "the batch to finish",
        () -> emulator.batch(batchId).map(ReceivedBatch::isTerminal).orElse(false));
    List<Boolean> emulatorCompleted =
        emulator.batch(batchId).orElseThrow().calls().stream()
            .map(c -> c.status().equals("completed"))
            .toList();

    assertThat(emulatorCompleted).containsExactly(true, false, false, true, false);
  }

  @Test
  void aPartnerItemWhoseRecordingCannotBeFetchedIsNeverProcessed() throws Exception {
    start();
    String good = partnerItem("good", emulator.audioUrl("good.wav"));
    String dead = partnerItem("dead", emulator.audioUrl("missing.mp3"));

    HttpResponse<String> response =
        TestHttp.post(
            emulator.partnerBaseUrl() + "/partner/ingest/batch-call",
            "{\"data\":[" + good + "," + dead + "]}",
            PARTNER_AUTH);
    await(
        "both items to settle",
        () -> emulator.partnerItems().values().stream().allMatch(item -> item.state().isFinal()));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, PartnerItem> items = emulator.partnerItems();
    assertThat(items.get("good").state()).isEqualTo(PartnerItem.State.PROCESSED_WITHOUT_CALLBACK);
    assertThat(items.get("dead").state()).isEqualTo(PartnerItem.State.RECORDING_UNREACHABLE);
    assertThat(items.get("dead").callbackBody()).isEmpty();
  }

  private static String partnerItem(String id, String recordingUrl) {
    return "{\"call\":{\"id\":\""
        + id
        + "\",\"recording_url\":\""
        + recordingUrl
        + "\",\"start_time\":\"2023-01-01T10:00:00Z\",\"end_time\":\"2023-01-01T10:30:00Z\","
        + "\"contact_number\":\"+1234567890\"},\"agent\":{\"id\":\"a1\"},\"customer\":{\"id\":\"c1\"}}";
  }
}
