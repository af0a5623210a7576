package dev.callingest.partner;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartnerBulkImportTest {
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
  PartnerClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  PartnerClient client() {
    client =
        PartnerClient.create(
            ClientOptions.builder()
                .baseUrl(server.url("/api/v1"))
                .credentials(PartnerCredentials.of("key", "secret", "tenant", "sub"))
                .clock(time)
                .sleeper(time)
                .build());
    return client;
  }

  /**
   * Records the call ids of every request body the server read, and answers as {@code answer} says.
   */
  static final class RecordingDispatcher extends Dispatcher {
    static final JsonAdapter<Object> JSON = Json.MOSHI.adapter(Object.class);
    final Map<String, Integer> processed = new ConcurrentHashMap<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final List<Long> bodySizes = new CopyOnWriteArrayList<>();
    final Random random;
    final double failureRate;

    RecordingDispatcher(long seed, double failureRate) {
      this.random = new Random(seed);
      this.failureRate = failureRate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MockResponse dispatch(RecordedRequest request) {
      int roll;
      synchronized (random) {
        roll = random.nextDouble() < failureRate ? random.nextInt(3) : -1;
      }
      if (roll == 1) {
        return new MockResponse.Builder()
            .code(429)
            .body(
                "{\"success\":false,\"message\":\"Rate limit exceeded. Try again in 2 seconds.\"}")
            .build();
      }
      if (roll == 0) {
        return new MockResponse.Builder()
            .code(500)
            .body("{\"success\":false,\"message\":\"Internal server error\"}")
            .build();
      }
      List<String> ids;
      try {
        Map<String, Object> body = (Map<String, Object>) JSON.fromJson(request.getBody().utf8());
        ids =
            ((List<Map<String, Object>>) body.get("data"))
                .stream()
                    .map(item -> (String) ((Map<String, Object>) item.get("call")).get("id"))
                    .collect(Collectors.toList());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      batchSizes.add(ids.size());
      bodySizes.add(request.getBodySize());
      ids.forEach(id -> processed.merge(id, 1, Integer::sum));
      if (roll == 2) {
        // Processed, but the answer is lost: the client must send it again, and the API
        // de-duplicates.
        return new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build();
      }
      return new MockResponse.Builder().code(200).body("{\"success\":true}").build();
    }
  }

  @Test
  void importsThroughRandomFaultsAccountingForEveryItemOnce() {
    RecordingDispatcher dispatcher = new RecordingDispatcher(20261122L, 0.3);
    server.setDispatcher(dispatcher);

    ImportReport report =
        client()
            .importer()
            .batchSize(20)
            .concurrency(3)
            .listener(recorder)
            .build()
            .run(IntStream.range(0, 500).mapToObj(i -> Fixtures.item("call-" + i).build()));

    assertThat(report.read()).isEqualTo(500);
    assertThat(outcomes).extracting(CallOutcome::callId).doesNotHaveDuplicates().hasSize(500);
    assertThat(report.accepted() + report.failed()).isEqualTo(500);
    Set<String> accepted =
        outcomes.stream()
            .filter(o -> o.kind() == OutcomeKind.ACCEPTED)
            .map(CallOutcome::callId)
            .collect(Collectors.toSet());
    assertThat(dispatcher.processed.keySet()).containsAll(accepted);
    assertThat(time.sleeps()).isNotEmpty();
    // Faults were injected and some needed the importer's own 429 pause on top of client retries.
    assertThat(server.getRequestCount()).isGreaterThan(25);
  }

  @Test
  void cutsBatchesBeforeTheFiveMegabyteLimitAndRejectsAnItemThatAloneIsTooLarge() {
    RecordingDispatcher dispatcher = new RecordingDispatcher(1, 0);
    server.setDispatcher(dispatcher);
    String bulky = "x".repeat(900_000);
    List<IngestItem> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(Fixtures.item("big-" + i).industry(bulky).build());
      if (i == 5) items.add(Fixtures.item("huge").industry("y".repeat(5_300_000)).build());
    }

    ImportReport report =
        client().importer().concurrency(1).listener(recorder).build().run(items.iterator());

    assertThat(report.accepted()).isEqualTo(12);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(dispatcher.batchSizes).containsExactly(5, 5, 2);
    assertThat(dispatcher.bodySizes)
        .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(IngestBatch.MAX_REQUEST_BYTES));
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("huge"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(OutcomeKind.REJECTED);
              assertThat(o.violations()).extracting(v -> v.path()).containsExactly("request");
            });
  }
}
