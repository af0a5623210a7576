package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RateLimitedException;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The code of docs/upload-api.md, run against a local server so that it keeps compiling and
 * working.
 */
class UploadGuideTest {
  private final List<String> log = new ArrayList<>();

  // --- guide: submit, wait, handle failures, resubmit ---
  BatchStatus importCalls(UploadClient client, List<UploadCall> calls) {
    UploadBatch batch = UploadBatch.of(calls);
    SubmissionReceipt receipt;
    try {
      receipt = client.submit(batch);
    } catch (ValidationException e) {
      for (Violation v : e.violations()) log.add("fix " + v.path() + ": " + v.rule());
      throw e;
    } catch (ServerValidationException e) {
      for (Violation v : e.violations()) log.add("server refused " + v.recordId().orElse(v.path()));
      throw e;
    } catch (RateLimitedException e) {
      log.add("try again in " + e.retryAfter().map(Duration::toSeconds).orElse(60L) + " s");
      throw e;
    }

    WaitOptions waitOptions =
        WaitOptions.builder()
            .timeout(Duration.ofMinutes(30))
            .progressListener(
                s -> log.add(s.processed() + "/" + s.totalCalls() + " " + s.rawStatus()))
            .build();
    BatchStatus done = client.awaitCompletion(receipt.batchId(), waitOptions);

    switch (done.status()) {
      case COMPLETED:
        break;
      case PARTIAL:
      case FAILED:
        for (CallStatus failed : done.failedCalls()) {
          log.add(
              failed.externalId() + " failed: " + failed.errorMessage().orElse("no reason given"));
        }
        Optional<SubmissionReceipt> retry = client.resubmitFailed(batch, done);
        retry.ifPresent(r -> log.add("resubmitted as " + r.batchId()));
        break;
      default:
        throw new AssertionError("awaitCompletion returns terminal states only");
    }
    return done;
  }

  // --- end of guide code ---

  @Test
  void guideFlowRunsAgainstALocalServer() throws Exception {
    FakeTime time = new FakeTime();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(Fixtures.json(200, Fixtures.RECEIPT));
      server.enqueue(
          Fixtures.json(
              200,
              Fixtures.status(
                  "batch_abc123",
                  "partial",
                  2,
                  1,
                  1,
                  "{\"external_id\":\"call_12346\",\"status\":\"failed\",\"error\":\"audio_url is not accessible\"}")));
      server.enqueue(
          Fixtures.json(200, "{\"success\":true,\"batch_id\":\"batch_r1\",\"calls_submitted\":1}"));
      ClientOptions options =
          ClientOptions.builder()
              .baseUrl(server.url("/"))
              .credentials(UploadCredentials.of("test-key"))
              .clock(time)
              .sleeper(time)
              .build();

      try (UploadClient client =
          UploadClient.builder().options(options).pacing(UploadPacing.DEFAULT).build()) {
        BatchStatus done = importCalls(client, Fixtures.documentBatch().calls());
        assertThat(done.status()).isEqualTo(BatchState.PARTIAL);
      }
    }
    assertThat(log)
        .containsExactly(
            "1/2 partial",
            "call_12346 failed: audio_url is not accessible",
            "resubmitted as batch_r1");
  }

  @Test
  void guideReadsTheRequestIdAttemptsAndAHeader() throws Exception {
    FakeTime time = new FakeTime();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new mockwebserver3.MockResponse.Builder()
              .code(200)
              .addHeader("X-Request-Id", "req-77")
              .addHeader("X-RateLimit-Remaining", "99")
              .body(Fixtures.RECEIPT)
              .build());
      ClientOptions options =
          ClientOptions.builder()
              .baseUrl(server.url("/"))
              .credentials(UploadCredentials.of("test-key"))
              .clock(time)
              .sleeper(time)
              .build();
      try (UploadClient client = UploadClient.create(options)) {
        UploadBatch batch = Fixtures.documentBatch();
        // --- guide code: docs/upload-api.md, results ---
        SubmissionReceipt receipt = client.submit(batch);
        log.add(
            "batch "
                + receipt.batchId()
                + " request "
                + receipt.requestId().orElse("-")
                + " after "
                + receipt.attempts()
                + " attempt(s)");
        receipt
            .httpResponse()
            .flatMap(http -> http.header("X-RateLimit-Remaining"))
            .ifPresent(left -> log.add(left + " submissions left this hour"));
        // --- end of guide code ---
      }
    }
    assertThat(log)
        .containsExactly(
            "batch batch_abc123 request req-77 after 1 attempt(s)",
            "99 submissions left this hour");
  }

  @Test
  void guidePacingForOtherLimits() {
    UploadPacing pacing =
        UploadPacing.builder()
            .batchesPerHour(500)
            .callsPerHour(50_000)
            .maxBatchesInFlight(25)
            .window(Duration.ofHours(1))
            .maxWait(Duration.ofHours(1))
            .build();

    assertThat(pacing.toString())
        .isEqualTo(
            "UploadPacing{batchesPerHour=500, callsPerHour=50000,"
                + " maxBatchesInFlight=25, window=PT1H, inFlightExpiry=PT30M, unknownOutcomeHold=PT5M,"
                + " maxWait=PT1H}");
  }

  @Test
  void guideBuildsACall() {
    UploadCall call =
        UploadCall.builder()
            .externalId("crm-4711")
            .audioUrl("https://recordings.example.com/4711.mp3")
            .userEmail("rep@example.com")
            .callDate(Instant.parse("2025-03-02T09:15:00Z"))
            .direction(CallDirection.OUTBOUND)
            .durationSeconds(312)
            .putMetadata("campaign", "spring")
            .build();
    assertThat(Fixtures.offlineClient().validate(UploadBatch.of(List.of(call)))).isEmpty();
    assertThat(call.callDate().toString()).isEqualTo("2025-03-02T09:15:00Z");
  }
}
