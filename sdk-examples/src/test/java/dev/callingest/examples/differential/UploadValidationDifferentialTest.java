package dev.callingest.examples.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.callingest.ValidationException;
import dev.callingest.emulator.Emulator;
import dev.callingest.upload.CallDirection;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Upload validation and the emulator's, written apart from the same document, must agree
 * on every call: a call the SDK refuses would be refused by the API, and a call the SDK lets through
 * must not come back as a validation error. Random calls, each field valid or broken in a documented
 * way, are judged by both.
 */
class UploadValidationDifferentialTest {
  static final String[] IDS = {"c-%d", "", "   ", "c-%d-" + "x".repeat(300)};
  static final String[] AUDIO = {
    "https://rec.example.com/a.mp3", "http://rec.example.com/a.wav", "s3://bucket-1/calls/a.mp3",
    "s3://bucket-1", "ftp://rec.example.com/a.mp3", "rec.example.com/a.mp3", "", "https:///a.mp3",
    "HTTPS://REC.EXAMPLE.COM/A.MP3", "https://rec.example.com/a b.mp3", "s3://legacy_bucket/a.mp3",
    "s3://bucket-1/"
  };
  static final String[] EMAILS = {
    "agent@example.com", "agent@", "agent@example", "a b@example.com", "", "first.last+x@sub.example.co"
  };
  static final String[] CONTACT_EMAILS = {null, "x@example.org", "bad"};
  static final Long[] DURATIONS = {null, 350L, 1L, 0L, -5L};

  @Test
  void theSdkAndTheEmulatorJudgeEveryCallAlike() throws Exception {
    Random random = new Random(2026);
    List<String> disagreements = new ArrayList<>();
    int[] accepted = {0};
    int[] refused = {0};
    HttpClient http = HttpClient.newHttpClient();
    var json = new Moshi.Builder().build().adapter(Object.class);
    try (Emulator emulator = Emulator.builder()
        .uploadLimits(1_000_000, 1_000_000, 1_000_000)
        .allStages(Duration.ofMillis(1))
        .build()
        .start()) {
      for (int n = 0; n < 200; n++) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("external_id", String.format(pick(random, IDS), n));
        call.put("audio_url", pick(random, AUDIO));
        call.put("user_email", pick(random, EMAILS));
        call.put("call_date", "2025-01-15T14:30:00Z");
        String contactEmail = pick(random, CONTACT_EMAILS);
        if (contactEmail != null) call.put("contact_email", contactEmail);
        Long duration = DURATIONS[random.nextInt(4) > 0 ? 0 : random.nextInt(DURATIONS.length)];
        if (duration != null) call.put("duration", duration);
        if (random.nextBoolean()) call.put("direction", random.nextBoolean() ? "inbound" : "outbound");
        if (random.nextBoolean()) call.put("metadata", Map.of("campaign", "Q1", "seats", 12, "renewal", true));

        boolean sdkAccepts = sdkAccepts(call);
        String body = json.toJson(Map.of("calls", List.of(call)));
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(emulator.uploadBaseUrl() + "/v1/calls/batch-upload"))
                .header("Authorization", "Bearer " + emulator.uploadApiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        boolean emulatorAccepts = response.statusCode() == 200;
        if (!emulatorAccepts) assertThat(response.body()).contains("VALIDATION_ERROR");
        if (sdkAccepts && emulatorAccepts) accepted[0]++;
        if (!sdkAccepts && !emulatorAccepts) refused[0]++;
        if (sdkAccepts != emulatorAccepts) {
          disagreements.add((sdkAccepts ? "SDK accepts, emulator refuses: " : "SDK refuses, emulator accepts: ")
              + body + " -> " + response.body());
        }
      }
    }
    assertThat(disagreements).isEmpty();
    // Both verdicts must be common, or agreement would prove little.
    assertThat(accepted[0]).isGreaterThanOrEqualTo(30);
    assertThat(refused[0]).isGreaterThanOrEqualTo(30);
  }

  /** The first value (a valid one) three times in four, else any: so both verdicts are common. */
  private static String pick(Random random, String[] values) {
    return values[random.nextInt(4) > 0 ? 0 : random.nextInt(values.length)];
  }

  private static boolean sdkAccepts(Map<String, Object> call) {
    UploadCall.Builder builder = UploadCall.builder()
        .externalId((String) call.get("external_id"))
        .audioUrl((String) call.get("audio_url"))
        .userEmail((String) call.get("user_email"))
        .callDate(Instant.parse((String) call.get("call_date")));
    if (call.containsKey("contact_email")) builder.contactEmail((String) call.get("contact_email"));
    if (call.containsKey("duration")) builder.durationSeconds((Long) call.get("duration"));
    if (call.containsKey("direction")) {
      builder.direction(call.get("direction").equals("inbound") ? CallDirection.INBOUND : CallDirection.OUTBOUND);
    }
    if (call.containsKey("metadata")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) call.get("metadata");
      builder.putAllMetadata(metadata);
    }
    try {
      UploadBatch.of(List.of(builder.build())).validate();
      return true;
    } catch (ValidationException e) {
      return false;
    }
  }
}
