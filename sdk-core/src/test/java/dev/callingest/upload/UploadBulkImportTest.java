package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class UploadBulkImportTest {
  static final JsonAdapter<Object> JSON = Json.MOSHI.adapter(Object.class);

  @StartStop final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  final ImportListener recorder =
      new ImportListener() {
        @Override
        public void onOutcome(CallOutcome outcome) {
          outcomes.add(outcome);
        }
      };

  /**
   * Accepts every batch, noting when (on the fake clock) and which calls; status says completed.
   */
  final class UploadServer extends Dispatcher {
    final List<Instant> submittedAt = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> batches = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger counter = new AtomicInteger();

    @Override
    @SuppressWarnings("unchecked")
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getMethod().equals("POST")) {
        submittedAt.add(time.instant());
        List<String> ids;
        try {
          Map<String, Object> body = (Map<String, Object>) JSON.fromJson(request.getBody().utf8());
          ids =
              ((List<Map<String, Object>>) body.get("calls"))
                  .stream().map(c -> (String) c.get("external_id")).collect(Collectors.toList());
        } catch (IOException e) {
          throw new AssertionError(e);
        }
        String id = "batch_" + counter.incrementAndGet();
        batches.put(id, ids);
        return json(
            "{\"success\":true,\"batch_id\":\""
                + id
                + "\",\"calls_submitted\":"
                + ids.size()
                + ",\"status\":\"processing\"}");
      }
      String id = request.getUrl().pathSegments().get(3);
      List<String> ids = batches.get(id);
      String calls =
          ids.stream()
              .map(
                  c ->
                      c.endsWith("7")
                          ? "{\"external_id\":\""
                              + c
                              + "\",\"status\":\"failed\",\"error\":\"audio_url is not accessible\"}"
                          : "{\"external_id\":\""
                              + c
                              + "\",\"status\":\"completed\",\"aila_call_id\":\"a_"
                              + c
                              + "\"}")
              .collect(Collectors.joining(","));
      long failed = ids.stream().filter(c -> c.endsWith("7")).count();
      return json(
          "{\"success\":true,\"batch_id\":\""
              + id
              + "\",\"status\":\""
              + (failed > 0 ? "partial" : "completed")
              + "\",\"submitted_at\":\"2026-01-15T10:00:00Z\",\"total_calls\":"
              + ids.size()
              + ",\"processed\":"
              + (ids.size() - failed)
              + ",\"failed\":"
              + failed
              + ",\"pending\":0,\"calls\":["
              + calls
              + "]}");
    }

    MockResponse json(String body) {
      return new MockResponse.Builder().code(200).body(body).build();
    }
  }

  UploadClient client(UploadPacing pacing) {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(server.url("/"))
                .credentials(UploadCredentials.of("test-key"))
                .clock(time)
                .sleeper(time)
                .build())
        .pacing(pacing)
        .build();
  }

  @Test
  void pacingSpreadsTheImportOverTheHoursTheLimitsDictateAndNeverExceedsThem() {
    UploadServer upload = new UploadServer();
    server.setDispatcher(upload);
    UploadPacing pacing =
        UploadPacing.builder()
            .batchesPerHour(4)
            .callsPerHour(100)
            .maxBatchesInFlight(10)
            .inFlightExpiry(Duration.ofMinutes(1))
            .maxWait(Duration.ofHours(2))
            .build();
    Instant start = time.instant();

    ImportReport report;
    try (UploadClient client = client(pacing)) {
      report =
          client
              .importer()
              .batchSize(25)
              .concurrency(1)
              .waitForProcessing(false)
              .listener(recorder)
              .build()
              .run(IntStream.range(0, 250).mapToObj(i -> Fixtures.call("call-" + i)));
    }

    assertThat(report.accepted()).isEqualTo(250);
    // 10 batches of 25 at 4 batches (100 calls) an hour: batches 5 and 9 wait a full hour each.
    assertThat(upload.submittedAt).hasSize(10);
    assertThat(Duration.between(start, upload.submittedAt.get(9))).isEqualTo(Duration.ofHours(2));
    for (Instant t : upload.submittedAt) {
      long inWindow =
          upload.submittedAt.stream()
              .filter(s -> !s.isBefore(t) && s.isBefore(t.plus(Duration.ofHours(1))))
              .count();
      assertThat(inWindow).as("batches in the hour from %s", t).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void waitingForProcessingSettlesEachCallWithItsResult() {
    UploadServer upload = new UploadServer();
    server.setDispatcher(upload);

    ImportReport report;
    try (UploadClient client = client(UploadPacing.DISABLED)) {
      report =
          client
              .importer()
              .batchSize(10)
              .waitForProcessing(true)
              .listener(recorder)
              .build()
              .run(IntStream.range(0, 30).mapToObj(i -> Fixtures.call("call-" + i)));
    }

    assertThat(report.count(OutcomeKind.COMPLETED)).isEqualTo(27);
    assertThat(report.count(OutcomeKind.PROCESSING_FAILED)).isEqualTo(3);
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("call-17"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(OutcomeKind.PROCESSING_FAILED);
              assertThat(o.reason()).contains("audio_url is not accessible");
              String batch = o.batchId().orElseThrow();
              assertThat(upload.batches.get(batch)).contains("call-17");
            });
  }

  @Test
  void waitingForProcessingFreesInFlightSlotsWhereNotWaitingHoldsThemUntilExpiry() {
    UploadPacing pacing =
        UploadPacing.builder()
            .maxBatchesInFlight(10)
            .inFlightExpiry(Duration.ofMinutes(30))
            .maxWait(Duration.ofHours(2))
            .build();

    server.setDispatcher(new UploadServer());
    Instant start = time.instant();
    try (UploadClient client = client(pacing)) {
      ImportReport waited =
          client
              .importer()
              .batchSize(10)
              .concurrency(1)
              .waitForProcessing(true)
              .build()
              .run(IntStream.range(0, 200).mapToObj(i -> Fixtures.call("w-" + i)));
      assertThat(waited.count(OutcomeKind.COMPLETED) + waited.count(OutcomeKind.PROCESSING_FAILED))
          .isEqualTo(200);
    }
    // 20 batches, each polled once after 5 s: no slot was held beyond its batch.
    assertThat(Duration.between(start, time.instant())).isLessThan(Duration.ofMinutes(5));

    server.setDispatcher(new UploadServer());
    Instant second = time.instant();
    try (UploadClient client = client(pacing)) {
      ImportReport notWaited =
          client
              .importer()
              .batchSize(10)
              .concurrency(1)
              .waitForProcessing(false)
              .build()
              .run(IntStream.range(0, 200).mapToObj(i -> Fixtures.call("n-" + i)));
      assertThat(notWaited.accepted()).isEqualTo(200);
    }
    // The eleventh batch had to wait for the first one's slot to expire.
    assertThat(Duration.between(second, time.instant()))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void anInvalidCallIsRejectedWithItsPathWhileTheOthersGoThrough() {
    UploadServer upload = new UploadServer();
    server.setDispatcher(upload);
    UploadCall bad =
        UploadCall.builder().from(Fixtures.call("call-bad")).userEmail("not-an-email").build();

    ImportReport report;
    try (UploadClient client = client(UploadPacing.DISABLED)) {
      report =
          client
              .importer()
              .waitForProcessing(false)
              .listener(recorder)
              .build()
              .run(List.of(Fixtures.call("call-1"), bad, Fixtures.call("call-2")).iterator());
    }

    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.REJECTED)
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.violations())
                    .extracting(v -> v.path())
                    .containsExactly("calls[0].user_email"));
    assertThat(upload.batches.values()).containsExactly(List.of("call-1", "call-2"));
  }
}
