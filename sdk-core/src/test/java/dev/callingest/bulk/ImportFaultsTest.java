package dev.callingest.bulk;

import static dev.callingest.bulk.BulkImporterTest.answered;
import static dev.callingest.bulk.BulkImporterTest.calls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.FakeTime;
import dev.callingest.RequestInDoubtException;
import dev.callingest.Violation;
import dev.callingest.bulk.BulkImporterTest.Call;
import dev.callingest.bulk.BulkImporterTest.FakeTarget;
import dev.callingest.internal.DurationLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults inside the import's own handling: whatever is thrown, every call read ends in exactly one
 * outcome, the counts add up, and the journal is closed.
 */
class ImportFaultsTest {
  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  final ImportListener recorder =
      new ImportListener() {
        @Override
        public void onOutcome(CallOutcome outcome) {
          outcomes.add(outcome);
        }
      };

  BulkImporter.Builder<Call> importer(FakeTarget target) {
    return BulkImporter.builder(target).clock(time).sleeper(time).listener(recorder).concurrency(1);
  }

  Map<OutcomeKind, Long> kinds() {
    return outcomes.stream()
        .collect(Collectors.groupingBy(CallOutcome::kind, Collectors.counting()));
  }

  static long sum(ImportReport report) {
    return Stream.of(OutcomeKind.values()).mapToLong(report::count).sum();
  }

  /** How many of this process's open file descriptors point at {@code file} (Linux). */
  static long openHandles(Path file) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                  return false; // closed while listing
                }
              })
          .count();
    }
  }

  @Test
  void aServerValidationPathWhoseIndexOverflowsFailsTheBatchAndLosesNoCall() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure =
        batch ->
            answered(
                "HTTP 422 VALIDATION_ERROR",
                422,
                "VALIDATION_ERROR",
                null,
                1,
                null,
                List.of(
                    Violation.of("calls[99999999999].user_email", "must be an email", null, null),
                    Violation.of("calls[0].user_email", "must be an email", null, null)));

    ImportReport report = importer(target).batchSize(5).build().run(calls(5));

    assertThat(report.read()).isEqualTo(5);
    assertThat(report.failed()).isEqualTo(5); // a 422 was not processed; no call can be picked out
    assertThat(sum(report)).isEqualTo(5);
    assertThat(outcomes).hasSize(5);
    assertThat(
            BatchSubmission.byIndex(
                List.of(Violation.of("calls[99999999999]", "x", null, null)), 5))
        .isEmpty();
    assertThat(
            BatchSubmission.byIndex(List.of(Violation.of("calls[2147483648]", "x", null, null)), 5))
        .isEmpty();
  }

  @Test
  void aListenerThatThrowsOnEveryCallbackLosesNoOutcome() {
    AtomicInteger heard = new AtomicInteger();
    ImportListener throwing =
        new ImportListener() {
          @Override
          public void onOutcome(CallOutcome outcome) {
            heard.incrementAndGet();
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onProgress(ImportProgress progress) {
            throw new IllegalStateException("listener bug");
          }
        };
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);

    ImportReport report = importer(target).listener(throwing).batchSize(7).build().run(calls(30));

    assertThat(report.accepted()).isEqualTo(30);
    assertThat(heard).hasValue(30);
  }

  @Test
  void aListenerErrorStopsTheRunOnlyAfterEveryCallReadHasItsOutcome() throws IOException {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    Path journal = dir.resolve("error.journal");
    AtomicInteger read = new AtomicInteger();
    ImportListener failing =
        new ImportListener() {
          @Override
          public void onOutcome(CallOutcome outcome) {
            outcomes.add(outcome);
            if (outcomes.size() == 3)
              throw new AssertionError("the listener's own assertion failed");
          }
        };
    Stream<Call> input = calls(50).peek(call -> read.incrementAndGet());

    assertThatThrownBy(
            () ->
                importer(target).listener(failing).batchSize(2).journal(journal).build().run(input))
        .isInstanceOf(AssertionError.class)
        .hasMessage("the listener's own assertion failed");

    assertThat(read.get()).isLessThan(50); // the run stopped reading
    assertThat(outcomes).hasSize(read.get()); // and settled every call it read
    assertThat(outcomes.stream().map(CallOutcome::callId).distinct().count()).isEqualTo(read.get());
    assertThat(openHandles(journal)).isZero();
    // A rerun over the same journal skips exactly what was accepted and sends the rest.
    outcomes.clear();
    ImportReport rerun =
        importer(new FakeTarget(100, Long.MAX_VALUE, false))
            .journal(journal)
            .build()
            .run(calls(50));
    assertThat(rerun.count(OutcomeKind.SKIPPED)).isEqualTo(target.received.size());
    assertThat(rerun.accepted()).isEqualTo(50 - target.received.size());
  }

  @Test
  void anErrorInTheTargetSettlesItsBatchInDoubtAndTheRestUnsent() throws IOException {
    AtomicInteger sent =
        new AtomicInteger(); // not "submissions": FakeTarget has a field of that name
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public Submitted submit(List<Call> batch, String idempotencyKey, boolean resendInDoubt) {
            if (sent.incrementAndGet() == 2) throw new StackOverflowError("injected");
            return super.submit(batch, idempotencyKey, resendInDoubt);
          }
        };
    Path journal = dir.resolve("target.journal");
    AtomicInteger read = new AtomicInteger();

    assertThatThrownBy(
            () ->
                importer(target)
                    .batchSize(3)
                    .journal(journal)
                    .build()
                    .run(calls(20).peek(call -> read.incrementAndGet())))
        .isInstanceOf(StackOverflowError.class);

    assertThat(outcomes).hasSize(read.get());
    assertThat(kinds())
        .containsEntry(OutcomeKind.ACCEPTED, 3L)
        .containsEntry(OutcomeKind.IN_DOUBT, 3L);
    assertThat(kinds().getOrDefault(OutcomeKind.FAILED, 0L)).isEqualTo(read.get() - 6L);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.IN_DOUBT)
        .allSatisfy(
            o ->
                assertThat(o.reason().orElseThrow())
                    .startsWith(
                        "the import's handling of the batch failed: java.lang.StackOverflowError: injected"));
    assertThat(openHandles(journal)).isZero();
    assertThat(Files.readAllLines(journal))
        .contains(
            "D\tc4\tthe import's handling of the batch failed:"
                + " java.lang.StackOverflowError: injected; an attempt may have been processed, so the call may be"
                + " on the server");
  }

  @Test
  void anErrorWhileACallIsCheckedStillGivesThatCallItsOutcome() {
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public List<Violation> validate(Call call) {
            if (call.id().equals("c5")) throw new LinkageError("injected");
            return super.validate(call);
          }
        };
    AtomicInteger read = new AtomicInteger();

    assertThatThrownBy(
            () ->
                importer(target)
                    .batchSize(2)
                    .build()
                    .run(calls(9).peek(call -> read.incrementAndGet())))
        .isInstanceOf(LinkageError.class);

    assertThat(read).hasValue(5);
    assertThat(outcomes).hasSize(5);
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("c5"))
        .singleElement()
        .satisfies(o -> assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED));
    // c1 and c2 went out; c3 and c4 waited in the next batch, never sent.
    assertThat(kinds())
        .containsEntry(OutcomeKind.ACCEPTED, 2L)
        .containsEntry(OutcomeKind.FAILED, 3L);
  }

  @Test
  void anErrorWhileACallsIdIsReadGivesThatCallItsOutcomeByNumber() {
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public String idOf(Call call) {
            if (call.id().equals("c4")) throw new LinkageError("injected");
            return super.idOf(call);
          }
        };

    assertThatThrownBy(() -> importer(target).batchSize(2).build().run(calls(6)))
        .isInstanceOf(LinkageError.class);

    // c1 and c2 went out when c3 was read; c3 waited, never sent; the fourth call read has no id
    // yet, so its outcome names it "#4".
    assertThat(outcomes)
        .extracting(CallOutcome::callId)
        .containsExactlyInAnyOrder("c1", "c2", "c3", "#4");
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("#4"))
        .singleElement()
        .satisfies(o -> assertThat(o.kind()).isEqualTo(OutcomeKind.FAILED));
    assertThat(kinds())
        .containsEntry(OutcomeKind.ACCEPTED, 2L)
        .containsEntry(OutcomeKind.FAILED, 2L);
  }

  @Test
  void aFailureAfterTheServerAcceptedLeavesTheCallsAccepted() {
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public Optional<Map<String, ProcessingResult>> awaitProcessing(String batchId) {
            throw new IllegalStateException("the adapter's status parser broke");
          }
        };

    assertThatThrownBy(
            () -> importer(target).waitForProcessing(true).batchSize(4).build().run(calls(4)))
        .isInstanceOf(ImportFailedException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(
            e -> {
              ImportReport report = ((ImportFailedException) e).report();
              assertThat(report.read()).isEqualTo(4);
              assertThat(report.accepted()).isEqualTo(4);
            });
    assertThat(outcomes)
        .extracting(CallOutcome::kind)
        .containsOnly(OutcomeKind.ACCEPTED)
        .hasSize(4);
  }

  @Test
  void aJournalThatCannotBeWrittenStopsTheImportTruthfullyInAForkedJvm() throws Exception {
    Path journal = dir.resolve("full.journal");
    String java = ProcessHandle.current().info().command().orElse("java");
    // The file size limit makes the journal's disk "full" after 4 KiB: a real write error (EFBIG).
    String command =
        "ulimit -f 4; exec '"
            + java
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + FullJournalMain.class.getName()
            + " '"
            + journal
            + "' 1000";
    Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output)
        .contains("thrown=ImportJournalException cause=IOException", "journal handles open=0");
    long read = Long.parseLong(output.replaceAll("(?s).*read=(\\d+).*", "$1"));
    assertThat(read).isLessThan(1000);
    assertThat(output).contains("outcomes heard=" + read + " counted=" + read);
    assertThat(Files.size(journal)).isLessThanOrEqualTo(4096);

    // The journal left behind reads cleanly, and a rerun settles every call.
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    ImportReport rerun = importer(target).journal(journal).build().run(calls(1000));
    assertThat(sum(rerun)).isEqualTo(1000);
    assertThat(rerun.accepted() + rerun.count(OutcomeKind.SKIPPED)).isEqualTo(1000);
    assertThat(rerun.count(OutcomeKind.SKIPPED)).isPositive();
  }

  @Test
  void aSlowListenerDoesNotHoldUpTheOtherWorkers() throws Exception {
    CountDownLatch thirdBatchSent = new CountDownLatch(1);
    AtomicInteger sent =
        new AtomicInteger(); // not "submissions": FakeTarget has a field of that name
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public Submitted submit(List<Call> batch, String idempotencyKey, boolean resendInDoubt) {
            if (sent.incrementAndGet() == 3) thirdBatchSent.countDown();
            return super.submit(batch, idempotencyKey, resendInDoubt);
          }
        };
    List<Boolean> sawThirdWhileBlocked = new CopyOnWriteArrayList<>();
    ImportListener slow =
        new ImportListener() {
          @Override
          public void onOutcome(CallOutcome outcome) {
            outcomes.add(outcome);
            if (outcomes.size() == 1) {
              // Blocks until a third batch goes out: only possible if the second worker's outcomes
              // do
              // not wait for this listener (the old ledger held the run's lock around it).
              try {
                sawThirdWhileBlocked.add(thirdBatchSent.await(30, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };

    ImportReport report =
        BulkImporter.builder(target)
            .clock(time)
            .sleeper(time)
            .listener(slow)
            .concurrency(2)
            .batchSize(1)
            .build()
            .run(calls(6));

    assertThat(sawThirdWhileBlocked).containsExactly(true);
    assertThat(report.accepted()).isEqualTo(6);
    assertThat(outcomes).extracting(CallOutcome::callId).doesNotHaveDuplicates().hasSize(6);
  }

  @Test
  void deliveryFollowsTheClientsInDoubtSettingAndRefusesAContradiction() {
    FakeTarget noResend =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public boolean clientRetriesInDoubt() {
            return false;
          }
        };
    noResend.failure =
        batch ->
            new RequestInDoubtException("POST timed out after the body was sent", 1, true, null);

    ImportReport report = importer(noResend).build().run(calls(2));

    assertThat(noResend.resendFlags).containsOnly(false);
    assertThat(noResend.submissions).hasValue(1); // never sent again after the attempt in doubt
    assertThat(report.inDoubt()).isEqualTo(2);
    assertThatThrownBy(() -> BulkImporter.builder(noResend).delivery(DeliveryMode.AT_LEAST_ONCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "delivery(AT_LEAST_ONCE) contradicts the client's"
                + " ClientOptions.retryInDoubtRequests(false)");
    assertThat(BulkImporter.builder(noResend).delivery(DeliveryMode.AT_MOST_ONCE).build().delivery)
        .isEqualTo(DeliveryMode.AT_MOST_ONCE);
    FakeTarget dedup =
        new FakeTarget(100, Long.MAX_VALUE, true) {
          @Override
          public boolean clientRetriesInDoubt() {
            return false;
          }
        };
    // Resending to an API that de-duplicates cannot duplicate a call: nothing to contradict.
    assertThat(BulkImporter.builder(dedup).delivery(DeliveryMode.AT_LEAST_ONCE).build().delivery)
        .isEqualTo(DeliveryMode.AT_LEAST_ONCE);
    assertThat(BulkImporter.builder(new FakeTarget(100, Long.MAX_VALUE, false)).build().delivery)
        .isEqualTo(DeliveryMode.AT_LEAST_ONCE);
  }

  @Test
  void theLongestRetryBudgetWorksAndOneBeyondIsRefused() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    AtomicInteger failures = new AtomicInteger();
    // A 503 (a backoff within the budget), then a 429 naming no wait (the longest pause), then
    // success.
    target.failure =
        batch ->
            switch (failures.getAndIncrement()) {
              case 0 -> answered("HTTP 503", 503, null, null, 1, null, List.of());
              case 1 -> answered("HTTP 429", 429, null, null, 1, null, List.of());
              default -> null;
            };
    Duration longest = DurationLimits.MAX_WAIT;

    ImportReport report =
        importer(target)
            .retryBudget(longest)
            .retryBackoff(Duration.ofSeconds(1), longest)
            .defaultRateLimitPause(longest)
            .progressInterval(longest)
            .build()
            .run(calls(3));

    assertThat(report.accepted()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), longest);
    Duration beyond = longest.plusNanos(1);
    assertThatThrownBy(() -> importer(target).retryBudget(beyond))
        .hasMessage("retryBudget must be at most 36500 days: " + beyond);
    assertThatThrownBy(() -> importer(target).retryBackoff(Duration.ofSeconds(1), beyond))
        .hasMessage("retryBackoff max must be at most 36500 days: " + beyond);
    assertThatThrownBy(() -> importer(target).defaultRateLimitPause(beyond))
        .hasMessage("defaultRateLimitPause must be at most 36500 days: " + beyond);
    assertThatThrownBy(() -> importer(target).progressInterval(beyond))
        .hasMessage("progressInterval must be at most 36500 days: " + beyond);
  }
}
