package dev.callingest.upload;

import com.squareup.moshi.JsonAdapter;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The API document's JSON examples as data, and helpers shared by the Upload API tests. */
final class Fixtures {
  private Fixtures() {}

  static final String API_KEY = "sk_live_very_secret_0123456789";

  /** A client for the validation entry points; nothing is ever sent through it. */
  static UploadClient offlineClient() {
    return UploadClient.create(
        ClientOptions.builder()
            .baseUrl("https://upload.invalid")
            .credentials(UploadCredentials.of(API_KEY))
            .build());
  }

  /** The document's request example: one full outbound call, one inbound call on S3. */
  static final String REQUEST =
      """
      {"calls": [
        {"external_id": "call_12345", "audio_url": "https://yourdomain.com/recordings/call1.mp3",
         "user_email": "agent@company.com", "contact_name": "John Doe",
         "contact_phone": "+15551234567", "contact_email": "john@example.com",
         "call_date": "2025-01-15T14:30:00Z", "direction": "outbound", "duration": 350,
         "metadata": {"campaign": "Q1 2025", "product": "Enterprise Plan"}},
        {"external_id": "call_12346", "audio_url": "s3://your-bucket/call2.mp3",
         "user_email": "agent2@company.com", "contact_name": "Jane Smith",
         "contact_phone": "+15559876543", "call_date": "2025-01-15T15:45:00Z",
         "direction": "inbound", "duration": 420}
      ]}
      """;

  static final String RECEIPT =
      """
      {"success": true, "batch_id": "batch_abc123", "calls_submitted": 2, "status": "processing"}
      """;

  static final String STATUS =
      """
      {"success": true, "batch_id": "batch_abc123", "status": "processing",
       "submitted_at": "2025-01-15T16:00:00Z", "total_calls": 2, "processed": 1, "failed": 0,
       "pending": 1,
       "calls": [
         {"external_id": "call_12345", "status": "completed", "aila_call_id": "aila_xyz789",
          "processed_at": "2025-01-15T16:03:00Z"},
         {"external_id": "call_12346", "status": "processing", "progress": "transcribing"}
       ]}
      """;

  static final String VALIDATION_ERROR =
      """
      {"success": false, "error": {"code": "VALIDATION_ERROR", "message": "Invalid calls array",
        "details": {"calls": [{"index": 0, "external_id": "call_12345",
          "errors": ["audio_url is not accessible", "duration must be positive number"]}]}}}
      """;

  static UploadBatch documentBatch() {
    return UploadBatch.builder()
        .addCalls(
            UploadCall.builder()
                .externalId("call_12345")
                .audioUrl("https://yourdomain.com/recordings/call1.mp3")
                .userEmail("agent@company.com")
                .contactName("John Doe")
                .contactPhone("+15551234567")
                .contactEmail("john@example.com")
                .callDate(Instant.parse("2025-01-15T14:30:00Z"))
                .direction(CallDirection.OUTBOUND)
                .durationSeconds(350)
                .putMetadata("campaign", "Q1 2025")
                .putMetadata("product", "Enterprise Plan")
                .build(),
            UploadCall.builder()
                .externalId("call_12346")
                .audioUrl("s3://your-bucket/call2.mp3")
                .userEmail("agent2@company.com")
                .contactName("Jane Smith")
                .contactPhone("+15559876543")
                .callDate(Instant.parse("2025-01-15T15:45:00Z"))
                .direction(CallDirection.INBOUND)
                .durationSeconds(420)
                .build())
        .build();
  }

  /** A valid call with the given external id. */
  static UploadCall call(String externalId) {
    return UploadCall.builder()
        .externalId(externalId)
        .audioUrl("https://recordings.example.com/" + externalId + ".wav")
        .userEmail("rep@example.com")
        .callDate(Instant.parse("2025-06-01T08:00:00Z"))
        .build();
  }

  /** A valid batch of {@code size} calls with ids {@code c0, c1, ...}. */
  static UploadBatch batch(int size) {
    UploadBatch.Builder batch = UploadBatch.builder();
    for (int i = 0; i < size; i++) batch.addCalls(call("c" + i));
    return batch.build();
  }

  static Object tree(String json) {
    try {
      return Json.MOSHI.adapter(Object.class).fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object tree(byte[] json) {
    return tree(new String(json, StandardCharsets.UTF_8));
  }

  static <T> T parse(JsonAdapter<T> adapter, String json) throws IOException {
    return Json.fromBytes(adapter, json.getBytes(StandardCharsets.UTF_8));
  }

  static ClientOptions.Builder options(MockWebServer server, FakeTime time) {
    return ClientOptions.builder()
        .baseUrl(server.url("/"))
        .credentials(UploadCredentials.of(API_KEY))
        .clock(time)
        .sleeper(time);
  }

  /** A client on fake time whose waiter jitter is always the top of its range (no shortening). */
  static UploadClient client(ClientOptions options, UploadPacing pacing) {
    return new UploadClient(options, pacing, () -> 1.0);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static String status(
      String batchId, String state, int total, int processed, int failed, String calls) {
    return "{\"success\":true,\"batch_id\":\""
        + batchId
        + "\",\"status\":\""
        + state
        + "\",\"submitted_at\":\"2025-06-01T08:00:00Z\",\"total_calls\":"
        + total
        + ",\"processed\":"
        + processed
        + ",\"failed\":"
        + failed
        + ",\"pending\":"
        + (total - processed)
        + ",\"calls\":["
        + calls
        + "]}";
  }
}
