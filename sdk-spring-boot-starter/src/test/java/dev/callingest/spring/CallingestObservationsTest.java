package dev.callingest.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.bulk.ImportReport;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Instant;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The observations without Spring: the listeners registered by hand on a real client and importer,
 * over real HTTP (MockWebServer). TestObservationRegistry also checks that every scope is closed on
 * the thread that opened it.
 */
class CallingestObservationsTest {
  final MockWebServer server = new MockWebServer();
  final TestObservationRegistry registry = TestObservationRegistry.create();
  final CallingestObservations observations = new CallingestObservations(registry);

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse accepted(String batchId, int calls) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", "req-" + batchId)
        .body(
            "{\"success\":true,\"batch_id\":\""
                + batchId
                + "\",\"calls_submitted\":"
                + calls
                + ",\"status\":\"submitted\"}")
        .build();
  }

  static Stream<UploadCall> calls(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            i ->
                UploadCall.builder()
                    .externalId("call_" + i)
                    .audioUrl("s3://b/k" + i + ".mp3")
                    .userEmail("rep@example.com")
                    .callDate(Instant.parse("2025-01-15T14:30:00Z"))
                    .build());
  }

  @Test
  void eachImportBatchIsAnObservationAroundItsClientRequests() {
    server.enqueue(accepted("batch_1", 2));
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(accepted("batch_2", 1));
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(server.url("/"))
            .credentials(UploadCredentials.of("k"))
            .sleeper(delay -> {})
            .eventListener(observations.create(CallingestApi.UPLOAD))
            .build();

    try (UploadClient client =
        UploadClient.builder().options(options).pacing(UploadPacing.DISABLED).build()) {
      ImportReport report =
          client
              .importer()
              .listener(observations.importListener(CallingestApi.UPLOAD))
              .batchSize(2)
              .concurrency(1)
              .waitForProcessing(false)
              .sleeper(delay -> {})
              .build()
              .run(calls(3));
      assertThat(report.accepted()).isEqualTo(3);
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(CallingestObservations.IMPORT_BATCH, 2)
        .hasNumberOfObservationsWithNameEqualTo(CallingestObservations.CLIENT, 2)
        .forAllObservationsWithNameEqualTo(
            CallingestObservations.IMPORT_BATCH,
            batch ->
                batch
                    .hasLowCardinalityKeyValue("callingest.api", "upload")
                    .hasLowCardinalityKeyValue("callingest.outcome", "all_accepted"))
        .forAllObservationsWithNameEqualTo(
            CallingestObservations.CLIENT,
            request ->
                request
                    .hasParentObservationContextMatching(
                        parent ->
                            ((Observation.ContextView) parent)
                                .getName()
                                .equals(CallingestObservations.IMPORT_BATCH))
                    .hasLowCardinalityKeyValue("callingest.outcome", "2xx"))
        .hasAnObservation(
            request ->
                request
                    .hasNameEqualTo(CallingestObservations.CLIENT)
                    .hasLowCardinalityKeyValue("callingest.attempts", "2")
                    .hasHighCardinalityKeyValue("callingest.request_id", "req-batch_2"))
        .hasAnObservation(
            batch ->
                batch
                    .hasNameEqualTo(CallingestObservations.IMPORT_BATCH)
                    .hasHighCardinalityKeyValue("callingest.calls", "1"));
  }

  @Test
  void aFailedRequestCarriesItsErrorAndNoStatus() throws Exception {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl("http://127.0.0.1:" + port + "/")
            .credentials(UploadCredentials.of("k"))
            .sleeper(delay -> {})
            .maxRetries(0)
            .eventListener(observations.create(CallingestApi.UPLOAD))
            .build();
    try (UploadClient client = UploadClient.builder().options(options).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.status("batch_9"))
          .isInstanceOf(dev.callingest.ConnectionException.class);
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo(CallingestObservations.CLIENT)
        .hasContextualNameEqualTo("callingest upload status")
        .hasLowCardinalityKeyValue("callingest.outcome", "io_error")
        .hasLowCardinalityKeyValue("http.status_code", "none")
        .hasLowCardinalityKeyValue("callingest.attempts", "1")
        .doesNotHaveHighCardinalityKeyValueWithKey("callingest.request_id")
        .hasError();
  }
}
