package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.emulator.EmulatorExtension;
import dev.callingest.emulator.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The defect of issue #21, item 3, against the emulator's strict limits: many async submissions
 * waiting for in-flight slots must not hold the threads the status polls (which free those slots)
 * need. One continuation thread runs everything here; with the old pool of parked threads, a
 * waiting submission held the only thread and the polls behind it never ran.
 */
@Timeout(180)
class AsyncSubmissionTest {
  static final int BATCHES = 50;
  static final int IN_FLIGHT = 3;

  @RegisterExtension
  final EmulatorExtension emulator =
      EmulatorExtension.builder()
          .configure(b -> b.allStages(Duration.ofMillis(50)).uploadLimits(100, 10_000, IN_FLIGHT))
          .build();

  final AtomicInteger continuationThreads = new AtomicInteger();
  final ExecutorService continuations =
      Executors.newSingleThreadExecutor(
          runnable -> {
            continuationThreads.incrementAndGet();
            Thread thread = new Thread(runnable, "test-continuations");
            thread.setDaemon(true);
            return thread;
          });

  @AfterEach
  void stop() {
    continuations.shutdownNow();
  }

  @Test
  void fiftyPacedSubmissionsWithPollsAllFinishOnOneContinuationThread() throws Exception {
    Set<Long> before = threadIds();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(emulator.uploadBaseUrl())
            .credentials(UploadCredentials.of(emulator.uploadApiKey()))
            .asyncExecutor(continuations)
            .build();
    UploadPacing pacing =
        UploadPacing.builder()
            .batchesPerHour(100)
            .callsPerHour(10_000)
            .maxBatchesInFlight(IN_FLIGHT)
            .build();

    List<CompletableFuture<BatchStatus>> runs = new ArrayList<>();
    try (UploadClient client = UploadClient.builder().options(options).pacing(pacing).build()) {
      for (int i = 0; i < BATCHES; i++) {
        UploadBatch batch = UploadBatch.of(List.of(call("async-" + i)));
        runs.add(
            client
                .submitAsync(batch)
                .thenCompose(receipt -> pollUntilFinished(client, receipt.batchId())));
      }
      CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0])).get(150, TimeUnit.SECONDS);

      for (CompletableFuture<BatchStatus> run : runs) {
        assertThat(run.join().rawStatus()).isEqualTo("completed");
      }
      assertThat(client.pacer().inFlightCount()).isZero();
      Set<String> created = newThreadNames(before);
      // The SDK made no pool of its own (the executor was given) and one timer thread at most;
      // HTTP ran on OkHttp's threads, a handful since at most 3 batches are in flight.
      assertThat(created).noneMatch(name -> name.startsWith("callingest-async-"));
      assertThat(created.stream().filter(n -> n.startsWith("callingest-timer-")))
          .hasSizeLessThanOrEqualTo(1);
      assertThat(created).as(String.valueOf(created)).hasSizeLessThanOrEqualTo(12);
    }
    assertThat(continuationThreads.get()).isEqualTo(1);
    // Every batch was accepted at the first try: the pacing kept within the server's limit.
    List<RequestRecord> posts =
        emulator.requests().stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(posts).hasSize(BATCHES).allSatisfy(r -> assertThat(r.status()).isBetween(200, 299));
  }

  private static CompletableFuture<BatchStatus> pollUntilFinished(UploadClient client, String id) {
    return CompletableFuture.supplyAsync(
            () -> id, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
        .thenCompose(client::statusAsync)
        .thenCompose(
            status ->
                status.isTerminal()
                    ? CompletableFuture.completedFuture(status)
                    : pollUntilFinished(client, id));
  }

  private UploadCall call(String externalId) {
    return UploadCall.builder()
        .externalId(externalId)
        .audioUrl(emulator.audioUrl(externalId + ".wav"))
        .userEmail("agent@seller.example")
        .callDate(Instant.parse("2026-03-02T09:00:00Z"))
        .direction(CallDirection.OUTBOUND)
        .durationSeconds(120)
        .build();
  }

  private static Set<Long> threadIds() {
    Set<Long> ids = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) ids.add(thread.getId());
    return ids;
  }

  /**
   * Names of the SDK's and OkHttp's live threads started since {@code before} (the emulator's own,
   * the test's executor and the JDK's delay scheduler left out).
   */
  private static Set<String> newThreadNames(Set<Long> before) {
    Set<String> names = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      boolean sdk =
          (name.startsWith("callingest-") && !name.startsWith("callingest-emulator-"))
              || name.startsWith("OkHttp")
              || name.startsWith("Okio");
      if (sdk && !before.contains(thread.getId())) names.add(name + "#" + thread.getId());
    }
    return names;
  }
}
