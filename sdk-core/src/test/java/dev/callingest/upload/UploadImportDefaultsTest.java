package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.FakeTime;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The Upload importer's defaults: chosen so that the calls-per-hour limit binds. */
class UploadImportDefaultsTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final FakeTime time = new FakeTime();

  @Test
  void defaultsWaitForProcessingRunUpToTheInFlightLimitInBatchesOf100() {
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    Set<String> unfinished = ConcurrentHashMap.newKeySet();
    AtomicInteger mostUnfinished = new AtomicInteger();
    AtomicInteger ids = new AtomicInteger();
    Map<String, Integer> callsOf = new ConcurrentHashMap<>();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getMethod().equals("POST")) {
              int calls = request.getBody().utf8().split("\"external_id\"").length - 1;
              sizes.add(calls);
              String id = "b" + ids.incrementAndGet();
              callsOf.put(id, calls);
              unfinished.add(id);
              mostUnfinished.accumulateAndGet(unfinished.size(), Math::max);
              return Fixtures.json(
                  200,
                  "{\"success\":true,\"batch_id\":\""
                      + id
                      + "\",\"calls_submitted\":"
                      + calls
                      + ",\"status\":\"processing\"}");
            }
            String id = request.getUrl().pathSegments().get(3);
            unfinished.remove(id);
            int calls = callsOf.get(id);
            return Fixtures.json(200, Fixtures.status(id, "completed", calls, calls, 0, ""));
          }
        });

    ImportReport report;
    try (UploadClient client =
        Fixtures.client(Fixtures.options(server, time).build(), UploadPacing.DEFAULT)) {
      report =
          client
              .importer()
              .build()
              .run(IntStream.range(0, 1_050).mapToObj(i -> Fixtures.call("call-" + i)));
    }

    assertThat(sizes).hasSize(11).containsOnly(100, 50);
    assertThat(report.count(OutcomeKind.ACCEPTED)).isEqualTo(1_050); // the status lists no calls
    assertThat(unfinished).isEmpty(); // it waited for every batch to finish
    assertThat(mostUnfinished.get()).isBetween(1, 10);
  }

  @Test
  void defaultBatchSizeLetsTheCallLimitBindAndTheEstimateFollowsTheLimits() {
    try (UploadClient client =
        Fixtures.client(Fixtures.options(server, time).build(), UploadPacing.DEFAULT)) {
      UploadImportTarget target = new UploadImportTarget(client, WaitOptions.DEFAULT);
      assertThat(target.defaultBatchSize()).isEqualTo(100);
      assertThat(target.defaultConcurrency()).isEqualTo(10);
      assertThat(target.waitsForProcessingByDefault()).isTrue();
      assertThat(target.pacedCallsPerSecond(100)).hasValue(10_000 / 3600.0);
      assertThat(target.pacedCallsPerSecond(20)).hasValue(2_000 / 3600.0); // the batch limit binds
    }
    UploadPacing other =
        UploadPacing.builder()
            .batchesPerHour(300)
            .callsPerHour(6_000)
            .maxBatchesInFlight(40)
            .window(Duration.ofMillis(7_200))
            .build();
    try (UploadClient client = Fixtures.client(Fixtures.options(server, time).build(), other)) {
      UploadImportTarget target = new UploadImportTarget(client, WaitOptions.DEFAULT);
      assertThat(target.defaultBatchSize()).isEqualTo(20);
      assertThat(target.defaultConcurrency()).isEqualTo(16);
      assertThat(target.pacedCallsPerSecond(20)).hasValue(6_000 / 7.2);
    }
  }
}
