package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.ThreadProbe;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.Fault;
import dev.callingest.emulator.FaultInjection;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.emulator.ReceivedCall;
import dev.callingest.internal.CancellableSleep;
import dev.callingest.internal.SlidingWindowPacer;
import dev.callingest.preflight.PreflightOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling an import against the emulator, with the system clock and sleeper (waits that only the
 * cancel can end): the run returns at once, the report adds up, and each outcome agrees with what
 * the emulator holds. A test knows the run reached a wait by its threads' stacks ({@link
 * ThreadProbe}), and that it returned promptly by a wait far longer than the test's bound.
 */
class ImportCancelTest {
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  final ImportListener recorder =
      new ImportListener() {
        @Override
        public void onOutcome(CallOutcome outcome) {
          outcomes.add(outcome);
        }
      };
  Emulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) emulator.close();
  }

  UploadClient client(UploadPacing pacing) {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(emulator.uploadBaseUrl())
                .credentials(UploadCredentials.of(emulator.uploadApiKey()))
                .build())
        .pacing(pacing)
        .build();
  }

  List<UploadCall> calls(int count) {
    List<UploadCall> calls = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      calls.add(
          UploadCall.builder()
              .externalId("c" + i)
              .audioUrl(emulator.audioUrl("c" + i + ".wav"))
              .userEmail("rep@example.com")
              .callDate(Instant.parse("2025-06-01T08:00:00Z"))
              .build());
    }
    return calls;
  }

  /** Runs the import on a thread of its own and hands back its report. */
  static CompletableFuture<ImportReport> start(
      BulkImporter<UploadCall> importer, List<UploadCall> calls) {
    CompletableFuture<ImportReport> report = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                report.complete(importer.run(calls.iterator()));
              } catch (Throwable e) {
                report.completeExceptionally(e);
              }
            },
            "import-caller");
    thread.start();
    return report;
  }

  /** Every call the emulator holds, by external id. */
  Set<String> held() {
    return emulator.batches().stream()
        .map(ReceivedBatch::calls)
        .flatMap(List::stream)
        .map(ReceivedCall::externalId)
        .collect(Collectors.toSet());
  }

  /** The outcomes agree with the emulator's ledger, and the report adds up. */
  void assertTruthful(ImportReport report, int read) {
    assertThat(report.read()).isEqualTo(read);
    assertThat(Stream.of(OutcomeKind.values()).mapToLong(report::count).sum()).isEqualTo(read);
    assertThat(outcomes).hasSize(read);
    assertThat(report.cancelled()).isTrue();
    Set<String> held = held();
    Set<OutcomeKind> onServer =
        EnumSet.of(
            OutcomeKind.ACCEPTED,
            OutcomeKind.COMPLETED,
            OutcomeKind.PROCESSING_FAILED,
            OutcomeKind.IN_DOUBT);
    Set<OutcomeKind> notOnServer =
        EnumSet.of(OutcomeKind.CANCELLED, OutcomeKind.FAILED, OutcomeKind.IN_DOUBT);
    for (CallOutcome outcome : outcomes) {
      if (held.contains(outcome.callId())) {
        assertThat(onServer).as(outcome.toString()).contains(outcome.kind());
      } else {
        assertThat(notOnServer).as(outcome.toString()).contains(outcome.kind());
      }
    }
  }

  Map<OutcomeKind, Long> kinds() {
    return outcomes.stream()
        .collect(Collectors.groupingBy(CallOutcome::kind, Collectors.counting()));
  }

  @Test
  void aCancelCutsTheCallsOnTheWire() throws Exception {
    // Every request is answered only after 5 s; the emulator takes the batch after that delay, so a
    // batch cut off on the wire is on the server once the emulator is idle.
    emulator =
        Emulator.builder()
            .port(0)
            .allStages(Duration.ofMillis(5))
            .faults(
                FaultInjection.builder()
                    .rate(Fault.SLOW, 1.0)
                    .slowDelay(Duration.ofSeconds(5))
                    .seed(1)
                    .build())
            .build()
            .start();
    try (UploadClient client = client(UploadPacing.DISABLED)) {
      BulkImporter<UploadCall> importer =
          client
              .importer()
              .waitForProcessing(false)
              .batchSize(2)
              .concurrency(2)
              .listener(recorder)
              .build();
      CompletableFuture<ImportReport> run = start(importer, calls(6));
      // Both workers are inside OkHttp, waiting for the answer, and the emulator has read both
      // requests whole (it is sleeping before it takes them).
      ThreadProbe.awaitInside(
          "callingest-import-", "okhttp3.internal.connection.RealCall", "execute", 2);
      ThreadProbe.awaitWaitingIn("callingest-emulator-http", Thread.class, "sleep", 2);

      importer.cancel();
      ImportReport report = run.get(30, TimeUnit.SECONDS);
      boolean returnedBeforeTheServerAnswered = emulator.batches().isEmpty();
      // The emulator takes both batches once its delay is over, though nobody listens any more.
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (emulator.batches().size() < 2 && System.nanoTime() < giveUp) Thread.sleep(10);

      assertThat(returnedBeforeTheServerAnswered).isTrue();
      assertTruthful(report, outcomesRead(report));
      // Both batches were cut off after their bodies were sent: in doubt, and indeed on the server.
      assertThat(held()).containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
      assertThat(outcomes)
          .filteredOn(o -> held().contains(o.callId()))
          .allSatisfy(o -> assertThat(o.kind()).isEqualTo(OutcomeKind.IN_DOUBT));
      assertThat(kinds())
          .containsEntry(OutcomeKind.IN_DOUBT, 4L)
          .containsEntry(OutcomeKind.CANCELLED, report.read() - 4);
    }
  }

  @Test
  void aCancelEndsAPacingWait() throws Exception {
    emulator = Emulator.builder().port(0).allStages(Duration.ofMillis(5)).build().start();
    // One batch an hour: the second batch waits an hour for the pacing, unless cancelled.
    UploadPacing pacing =
        UploadPacing.builder().batchesPerHour(1).maxWait(Duration.ofHours(2)).build();
    try (UploadClient client = client(pacing)) {
      BulkImporter<UploadCall> importer =
          client
              .importer()
              .waitForProcessing(false)
              .batchSize(2)
              .concurrency(1)
              .listener(recorder)
              .build();
      CompletableFuture<ImportReport> run = start(importer, calls(6));
      ThreadProbe.awaitWaitingIn("callingest-import-", SlidingWindowPacer.class, "blockUntil");

      importer.cancel();
      ImportReport report = run.get(30, TimeUnit.SECONDS); // the pacing wait was an hour

      assertTruthful(report, outcomesRead(report));
      assertThat(held()).containsExactlyInAnyOrder("c1", "c2");
      assertThat(kinds())
          .containsEntry(OutcomeKind.ACCEPTED, 2L)
          .containsEntry(OutcomeKind.CANCELLED, report.read() - 2);
    }
  }

  @Test
  void aCancelEndsAWaitForProcessing() throws Exception {
    // Processing takes ten minutes a stage, and the waiter polls every ten minutes.
    emulator = Emulator.builder().port(0).allStages(Duration.ofMinutes(10)).build().start();
    try (UploadClient client = client(UploadPacing.DISABLED)) {
      BulkImporter<UploadCall> importer =
          client
              .importer(
                  WaitOptions.builder()
                      .interval(Duration.ofMinutes(10), Duration.ofMinutes(10))
                      .build())
              .waitForProcessing(true)
              .batchSize(2)
              .concurrency(2)
              .listener(recorder)
              .build();
      CompletableFuture<ImportReport> run = start(importer, calls(4));
      // Both batches accepted and waiting: none is on the wire when the cancel comes.
      ThreadProbe.awaitWaitingIn("callingest-import-", CancellableSleep.class, "sleep", 2);

      importer.cancel();
      ImportReport report = run.get(30, TimeUnit.SECONDS);

      assertTruthful(report, outcomesRead(report));
      assertThat(outcomes)
          .filteredOn(o -> held().contains(o.callId()))
          .allSatisfy(o -> assertThat(o.kind()).isEqualTo(OutcomeKind.ACCEPTED));
      assertThat(outcomes)
          .filteredOn(o -> o.kind() == OutcomeKind.ACCEPTED)
          .isNotEmpty()
          .allSatisfy(
              o ->
                  assertThat(o.reason())
                      .contains("accepted; the import was cancelled before processing finished"));
    }
  }

  @Test
  void aCancelEndsAPreflightCheckAndCancelsItsHttpCall() throws Exception {
    emulator = Emulator.builder().port(0).allStages(Duration.ofMillis(5)).build().start();
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch closedByClient = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // A recording host that reads the request and never answers.
      Thread host =
          new Thread(
              () -> {
                try (Socket socket = silent.accept();
                    InputStream in = socket.getInputStream()) {
                  requested.countDown();
                  while (in.read() != -1) {
                    // read until the client closes the connection
                  }
                  closedByClient.countDown();
                } catch (IOException e) {
                  closedByClient.countDown(); // reset by the client
                }
              },
              "silent-recording-host");
      host.setDaemon(true);
      host.start();
      String stuck = "http://127.0.0.1:" + silent.getLocalPort() + "/never.wav";
      List<UploadCall> calls = new ArrayList<>(calls(3));
      calls.set(1, UploadCall.builder().from(calls.get(1)).audioUrl(stuck).build());

      try (UploadClient client = client(UploadPacing.DISABLED)) {
        BulkImporter<UploadCall> importer =
            client
                .importer()
                .waitForProcessing(false)
                .batchSize(1)
                .concurrency(1)
                .listener(recorder)
                .preflight(
                    PreflightOptions.builder().timeout(Duration.ofHours(1)).concurrency(1).build())
                .build();
        CompletableFuture<ImportReport> run = start(importer, calls);
        assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
        ThreadProbe.awaitWaitingIn("import-caller", CompletableFuture.class, "get");

        importer.cancel();
        ImportReport report = run.get(30, TimeUnit.SECONDS); // the check's timeout is an hour

        assertThat(closedByClient.await(30, TimeUnit.SECONDS)).isTrue(); // Call.cancel() closed it
        assertTruthful(report, outcomesRead(report));
        assertThat(held()).doesNotContain("c2");
      }
    }
  }

  private int outcomesRead(ImportReport report) {
    return (int) report.read();
  }
}
