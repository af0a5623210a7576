package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.upload.BatchStatus;
import dev.callingest.upload.SubmissionReceipt;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters of a real client over real HTTP (MockWebServer), with the waits between retries faked.
 */
class CallingestMetricsTest {
  final MockWebServer server = new MockWebServer();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final CallingestMetrics metrics = new CallingestMetrics(registry);
  final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void requestsRetriesAnd429sAreCountedByApiOperationAndStatusClassWithoutIds() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "1")
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}")
            .build());
    server.enqueue(
        json(
            200,
            "{\"success\":true,\"batch_id\":\"batch_abc123\",\"calls_submitted\":1,\"status\":\"submitted\"}"));
    server.enqueue(
        json(
            503, "{\"success\":false,\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"later\"}}"));
    server.enqueue(
        json(
            200,
            "{\"success\":true,\"batch_id\":\"batch_abc123\",\"status\":\"processing\","
                + "\"submitted_at\":\"2025-01-15T16:00:00Z\",\"total_calls\":1,\"processed\":0,\"failed\":0,\"pending\":1,\"calls\":[]}"));
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(server.url("/"))
            .credentials(UploadCredentials.of("k"))
            .sleeper(slept::add)
            .eventListener(metrics.create(CallingestApi.UPLOAD))
            .build();

    try (UploadClient client =
        UploadClient.builder().options(options).pacing(UploadPacing.DISABLED).build()) {
      SubmissionReceipt receipt =
          client.submit(
              UploadBatch.builder()
                  .addCalls(
                      UploadCall.builder()
                          .externalId("call_777")
                          .audioUrl("s3://b/k.mp3")
                          .userEmail("rep@example.com")
                          .callDate(Instant.parse("2025-01-15T14:30:00Z"))
                          .build())
                  .build());
      BatchStatus status = client.status(receipt.batchId());
      assertThat(status.batchId()).isEqualTo("batch_abc123");
    }

    assertThat(slept).containsExactly(Duration.ofSeconds(1), slept.get(1));
    assertThat(timerCount("submit", "4xx")).isEqualTo(1);
    assertThat(timerCount("submit", "2xx")).isEqualTo(1);
    assertThat(timerCount("status", "5xx")).isEqualTo(1);
    assertThat(timerCount("status", "2xx")).isEqualTo(1);
    assertThat(
            registry
                .get("callingest.client.rate.limited")
                .tags("api", "upload", "operation", "submit")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.find("callingest.client.rate.limited").tag("operation", "status").counter())
        .isNull();
    assertThat(
            registry
                .get("callingest.client.retries")
                .tags("api", "upload", "operation", "submit", "in_doubt", "false")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry.get("callingest.client.retries").tags("operation", "status").counter().count())
        .isEqualTo(1);
    assertThat(registry.getMeters())
        .allSatisfy(
            meter ->
                assertThat(meter.getId().getTags().toString())
                    .doesNotContain("batch_abc123")
                    .doesNotContain("call_777"));
  }

  @Test
  void importOutcomesAreCountedByApiAndKind() {
    ImportListener listener = metrics.importListener(CallingestApi.PARTNER);
    for (OutcomeKind kind :
        List.of(OutcomeKind.ACCEPTED, OutcomeKind.ACCEPTED, OutcomeKind.REJECTED)) {
      listener.onOutcome(CallOutcome.builder().callId("c-" + kind).kind(kind).build());
    }

    assertThat(
            registry
                .get("callingest.import.outcomes")
                .tags("api", "partner", "outcome", "accepted")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("callingest.import.outcomes")
                .tags("api", "partner", "outcome", "rejected")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void statusClassesAndOperations() {
    assertThat(CallingestMetrics.statusClass(204)).isEqualTo("2xx");
    assertThat(CallingestMetrics.statusClass(429)).isEqualTo("4xx");
    assertThat(CallingestMetrics.statusClass(0)).isEqualTo("other");
    assertThat(
            CallingestMetrics.operation(
                dev.callingest.RequestEvent.builder()
                    .method("GET")
                    .path("/v1/calls/batch-upload/b1")
                    .attempt(1)
                    .build()))
        .isEqualTo("status");
  }

  double timerCount(String operation, String status) {
    return registry
        .get("callingest.client.requests")
        .tags("api", "upload", "operation", operation, "status", status)
        .timer()
        .count();
  }
}
