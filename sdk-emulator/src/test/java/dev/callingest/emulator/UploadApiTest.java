package dev.callingest.emulator;

import static dev.callingest.emulator.TestHttp.await;
import static dev.callingest.emulator.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class UploadApiTest {
  private static final String KEY = "test-upload-key";
  private Emulator emulator;

  @AfterEach
  void tearDown() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private Emulator start(Consumer<Emulator.Builder> config) {
    Emulator.Builder builder = Emulator.builder().uploadApiKey(KEY).allStages(Duration.ofMillis(5));
    config.accept(builder);
    emulator = builder.build().start();
    return emulator;
  }

  private String call(String externalId, String audioUrl) {
    return "{\"external_id\":\""
        + externalId
        + "\",\"audio_url\":\""
        + audioUrl
        + "\","
        + "\"user_email\":\"agent@company.com\",\"call_date\":\"2025-01-15T14:30:00Z\","
        + "\"direction\":\"outbound\",\"duration\":350,\"metadata\":{\"campaign\":\"Q1\"}}";
  }

  private HttpResponse<String> submit(String... calls) throws Exception {
    return TestHttp.post(
        emulator.uploadBaseUrl() + "/v1/calls/batch-upload",
        "{\"calls\":[" + String.join(",", calls) + "]}",
        "Authorization",
        "Bearer " + KEY);
  }

  private Map<String, Object> status(String batchId) throws Exception {
    HttpResponse<String> response =
        TestHttp.get(
            emulator.uploadBaseUrl() + "/v1/calls/batch-upload/" + batchId,
            "Authorization",
            "Bearer " + KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    return json(response.body());
  }

  private String submitAndGetId(String... calls) throws Exception {
    HttpResponse<String> response = submit(calls);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (String) json(response.body()).get("batch_id");
  }

  private void awaitTerminal(String batchId) throws InterruptedException {
    await(
        "batch " + batchId + " to finish",
        () -> emulator.batch(batchId).map(ReceivedBatch::isTerminal).orElse(false));
  }

  @Test
  void refusesMissingAndWrongKeys() throws Exception {
    start(b -> {});
    String url = emulator.uploadBaseUrl() + "/v1/calls/batch-upload";

    HttpResponse<String> missing = TestHttp.post(url, "{\"calls\":[]}");
    HttpResponse<String> wrong =
        TestHttp.post(url, "{\"calls\":[]}", "Authorization", "Bearer nope");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(json(missing.body()))
        .isEqualTo(
            Map.of(
                "success",
                false,
                "error",
                Map.of(
                    "code", "UNAUTHORIZED",
                    "message",
                        "Missing Authorization header: send Authorization: Bearer YOUR_API_KEY",
                    "details", Map.of())));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body())
        .contains("\"code\":\"UNAUTHORIZED\"", "\"message\":\"Invalid API key\"");
    assertThat(emulator.batches()).isEmpty();
  }

  private static String call(String externalId, String audioUrl, String email, String callDate) {
    return Json.writeString(
        Json.obj(
            "external_id",
            externalId,
            "audio_url",
            audioUrl,
            "user_email",
            email,
            "call_date",
            callDate));
  }

  @Test
  void judgesUrlsTimesBlanksAndEmailsAsTheServersDo() throws Exception {
    start(b -> {});
    String date = "2025-01-15T14:30:00Z";
    String url = "https://example.com/a.mp3";
    String email = "agent@company.com";

    HttpResponse<String> response =
        submit(
            call(
                "u0",
                "https://example.com:0/a.mp3",
                "l".repeat(64) + "@company.com",
                "0001-01-01T00:00:00Z"),
            call("u1", "https://:8080/call.mp3", email, date),
            call("u2", "s3://:8080/call.mp3", email, date),
            call("u3", "https://example.com:65536/a.mp3", email, date),
            call("u4", "https://recordings..example.com/a.mp3", email, date),
            call("t1", url, email, "+10000-01-01T00:00:00Z"),
            call("t2", url, email, "0000-12-31T00:00:00Z"),
            call("t3", url, email, "2025-01-15T14:30:00+05:30:45"),
            call("\u00A0", url, email, date),
            call("e1", url, "a..b@company.com", date),
            call("e2", url, "a@company.c", date),
            call("e3", url, "l".repeat(65) + "@company.com", date),
            call("e4", url, "a@[192.0.2.1]", date));

    assertThat(response.statusCode()).isEqualTo(400);
    Map<String, Object> error = (Map<String, Object>) json(response.body()).get("error");
    String badUrl = "audio_url must be an http, https or s3 URL";
    String badDate =
        "call_date must be an ISO 8601 timestamp with a year from 0001 to 9999 and a time zone,"
            + " such as 2025-01-15T14:30:00Z";
    String badEmail = "user_email must be a valid email address";
    assertThat(
            (List<Map<String, Object>>) ((Map<String, Object>) error.get("details")).get("calls"))
        .extracting(c -> c.get("external_id") + ": " + c.get("errors"))
        .containsExactly(
            "u1: [" + badUrl + "]",
            "u2: [" + badUrl + "]",
            "u3: [" + badUrl + "]",
            "u4: [" + badUrl + "]",
            "t1: [" + badDate + "]",
            "t2: [" + badDate + "]",
            "t3: [" + badDate + "]",
            "\u00A0: [external_id is required]",
            "e1: [" + badEmail + "]",
            "e2: [" + badEmail + "]",
            "e3: [" + badEmail + "]",
            "e4: [" + badEmail + "]");
  }

  @Test
  void listsValidationErrorsPerCall() throws Exception {
    start(b -> {});

    HttpResponse<String> response =
        submit(
            call("ok-1", "https://example.com/a.mp3"),
            "{\"external_id\":\"bad-2\",\"audio_url\":\"ftp://example.com/a.mp3\",\"user_email\":\"nope\","
                + "\"call_date\":\"yesterday\",\"direction\":\"sideways\",\"duration\":-3}",
            "{\"audio_url\":\"s3://bucket/key.wav\",\"user_email\":\"a@b.co\","
                + "\"call_date\":\"2025-01-15T14:30:00+02:00\",\"contact_email\":\"x\"}",
            call("ok-1", "https://example.com/b.mp3"));

    assertThat(response.statusCode()).isEqualTo(400);
    Map<String, Object> error = (Map<String, Object>) json(response.body()).get("error");
    assertThat(error.get("code")).isEqualTo("VALIDATION_ERROR");
    assertThat(error.get("message")).isEqualTo("Invalid calls array");
    assertThat(error.get("details"))
        .isEqualTo(
            Map.of(
                "calls",
                List.of(
                    Map.of(
                        "index",
                        1.0,
                        "external_id",
                        "bad-2",
                        "errors",
                        List.of(
                            "audio_url must be an http, https or s3 URL",
                            "user_email must be a valid email address",
                            "call_date must be an ISO 8601 timestamp with a year from 0001 to 9999 and a time zone,"
                                + " such as 2025-01-15T14:30:00Z",
                            "direction must be inbound or outbound",
                            "duration must be positive number")),
                    Map.of(
                        "index",
                        2.0,
                        "errors",
                        List.of(
                            "external_id is required",
                            "contact_email must be a valid email address")),
                    Map.of(
                        "index",
                        3.0,
                        "external_id",
                        "ok-1",
                        "errors",
                        List.of("external_id is duplicated in this batch")))));
    assertThat(emulator.batches()).isEmpty();
  }

  @Test
  void refusesEmptyAndOversizedCallArrays() throws Exception {
    start(b -> {});
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(call("c" + i, "https://example.com/a.mp3"));
    }

    HttpResponse<String> empty = submit();
    HttpResponse<String> tooMany = submit(many.toArray(String[]::new));

    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("Invalid calls array: it must hold 1 to 100 calls, not 0");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("it must hold 1 to 100 calls, not 101");
  }

  @Test
  void batchCompletesWithEveryCallFetchedAndChecked() throws Exception {
    start(b -> {});
    emulator.putAudioFile(
        "fixture.mp3", getClass().getResourceAsStream("/emulator/silence.mp3").readAllBytes());

    HttpResponse<String> response =
        submit(
            call("wav-1", emulator.audioUrl("call-1.wav")),
            call("mp3-2", emulator.audioUrl("fixture.mp3")),
            call("remote-3", "s3://bucket/calls/3.mp3"));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> submitted = json(response.body());
    assertThat(submitted)
        .containsEntry("success", true)
        .containsEntry("calls_submitted", 3.0)
        .containsEntry("status", "submitted");
    String batchId = (String) submitted.get("batch_id");
    assertThat(batchId).startsWith("batch_");
    awaitTerminal(batchId);

    Map<String, Object> status = status(batchId);
    assertThat(status)
        .containsEntry("status", "completed")
        .containsEntry("total_calls", 3.0)
        .containsEntry("processed", 3.0)
        .containsEntry("failed", 0.0)
        .containsEntry("pending", 0.0);
    List<Map<String, Object>> calls = (List<Map<String, Object>>) status.get("calls");
    assertThat(calls)
        .extracting(c -> c.get("external_id"))
        .containsExactly("wav-1", "mp3-2", "remote-3");
    assertThat(calls)
        .allSatisfy(
            c -> {
              assertThat(c.get("status")).isEqualTo("completed");
              assertThat((String) c.get("aila_call_id")).startsWith("aila_");
              assertThat((String) c.get("processed_at"))
                  .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
              assertThat(c).doesNotContainKeys("progress", "error");
            });
    assertThat(emulator.batch(batchId).orElseThrow().calls())
        .extracting(c -> c.audioFormat().orElse("not fetched"))
        .containsExactly("WAV", "MP3", "not fetched");
  }

  @Test
  void reportsTheCurrentStageWhileACallIsInFlight() throws Exception {
    start(b -> b.stageDuration(UploadStage.TRANSCRIBING, Duration.ofMinutes(5)));
    String batchId = submitAndGetId(call("c1", emulator.audioUrl("c1.wav")));

    await(
        "transcribing",
        () -> emulator.batch(batchId).orElseThrow().calls().get(0).status().equals("transcribing"));

    Map<String, Object> status = status(batchId);
    assertThat(status)
        .containsEntry("status", "processing")
        .containsEntry("processed", 0.0)
        .containsEntry("pending", 1.0);
    assertThat((List<Object>) status.get("calls"))
        .containsExactly(
            Map.of("external_id", "c1", "status", "transcribing", "progress", "transcribing"));
  }

  @Test
  void canReportInFlightCallsTheWayTheDocumentSampleDoes() throws Exception {
    start(
        b ->
            b.stageDuration(UploadStage.ANALYZING, Duration.ofMinutes(5))
                .reportInFlightCallsAsProcessing(true));
    String batchId = submitAndGetId(call("c1", "https://example.com/a.mp3"));

    await(
        "analyzing",
        () -> emulator.batch(batchId).orElseThrow().calls().get(0).status().equals("analyzing"));

    assertThat((List<Object>) status(batchId).get("calls"))
        .containsExactly(
            Map.of("external_id", "c1", "status", "processing", "progress", "analyzing"));
  }

  @Test
  void unreachableAndBadFormatAudioMakeTheBatchPartial() throws Exception {
    start(
        b ->
            b.audioFile(
                "notes.mp3", "these are notes, not audio".getBytes(StandardCharsets.UTF_8)));

    String batchId =
        submitAndGetId(
            call("good", emulator.audioUrl("good.wav")),
            call("missing", emulator.audioUrl("missing.mp3")),
            call("text", emulator.audioUrl("notes.mp3")),
            call("offline", "https://recordings.invalid/call.mp3"));
    awaitTerminal(batchId);

    Map<String, Object> status = status(batchId);
    assertThat(status)
        .containsEntry("status", "partial")
        .containsEntry("processed", 1.0)
        .containsEntry("failed", 3.0)
        .containsEntry("pending", 0.0);
    assertThat((List<Map<String, Object>>) status.get("calls"))
        .extracting(c -> c.get("status") + ": " + c.getOrDefault("error", "-"))
        .containsExactly(
            "completed: -",
            "failed: audio_url is not accessible",
            "failed: audio file format is not supported: expected MP3, WAV, M4A or AAC",
            "failed: audio_url is not accessible");
  }

  @Test
  void batchWhoseEveryCallFailsIsFailed() throws Exception {
    start(b -> {});

    String batchId =
        submitAndGetId(
            call("a", "http://127.0.0.1:1/none.wav"), call("b", "https://host.invalid/b.wav"));
    awaitTerminal(batchId);

    assertThat(status(batchId)).containsEntry("status", "failed").containsEntry("failed", 2.0);
  }

  @Test
  void unknownBatchIsNotFound() throws Exception {
    start(b -> {});

    HttpResponse<String> response =
        TestHttp.get(
            emulator.uploadBaseUrl() + "/v1/calls/batch-upload/batch_nope",
            "Authorization",
            "Bearer " + KEY);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response.body()))
        .isEqualTo(
            Map.of(
                "success",
                false,
                "error",
                Map.of(
                    "code",
                    "NOT_FOUND",
                    "message",
                    "Batch not found: batch_nope",
                    "details",
                    Map.of())));
  }

  @Test
  void concurrentBatchLimitAnswers429WithRetryAfter() throws Exception {
    start(b -> b.allStages(Duration.ofMinutes(5)).uploadLimits(100, 10_000, 1));
    submitAndGetId(call("a", "https://example.com/a.mp3"));

    HttpResponse<String> refused = submit(call("b", "https://example.com/b.mp3"));

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    Map<String, Object> error = (Map<String, Object>) json(refused.body()).get("error");
    assertThat(error.get("code")).isEqualTo("RATE_LIMITED");
    assertThat(error.get("message"))
        .isEqualTo(
            "Too many concurrent batches (limit 1): wait for one to finish; retry after 1 seconds");
    assertThat(emulator.batches()).hasSize(1);
  }

  @Test
  void batchesPerHourLimitHoldsAfterBatchesFinish() throws Exception {
    start(b -> b.uploadLimits(1, 10_000, 10));
    awaitTerminal(submitAndGetId(call("a", "https://example.com/a.mp3")));

    HttpResponse<String> refused = submit(call("b", "https://example.com/b.mp3"));

    assertThat(refused.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(3590L, 3600L);
    assertThat(refused.body()).contains("Batches per hour limit reached (1)");
  }

  @Test
  void callsPerHourLimitCountsCalls() throws Exception {
    start(b -> b.uploadLimits(100, 3, 10));
    submitAndGetId(call("a", "https://example.com/a.mp3"), call("b", "https://example.com/b.mp3"));

    HttpResponse<String> refused =
        submit(call("c", "https://example.com/c.mp3"), call("d", "https://example.com/d.mp3"));

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("Calls per hour limit reached (3)");
    assertThat(submit(call("e", "https://example.com/e.mp3")).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesNonJsonBodies() throws Exception {
    start(b -> {});

    HttpResponse<String> response =
        TestHttp.post(
            emulator.uploadBaseUrl() + "/v1/calls/batch-upload",
            "{\"calls\": [",
            "Authorization",
            "Bearer " + KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).get("error").toString()).contains("code=INVALID_JSON");
  }
}
