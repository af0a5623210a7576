package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.ApiException;
import dev.callingest.AuthenticationException;
import dev.callingest.ErrorResponse;
import dev.callingest.FakeTime;
import dev.callingest.NotFoundException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.ServerException;
import dev.callingest.ServerValidationException;
import dev.callingest.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkImporterTest {
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

  /** A call of the fake API: an id and a payload size in bytes. */
  record Call(String id, int bytes) {}

  static Stream<Call> calls(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> new Call("c" + i, 10));
  }

  /** The exception the SDK makes for an error answer, built as a user's test would build it. */
  static RuntimeException answered(
      String message,
      int status,
      String code,
      String apiMessage,
      int attempts,
      Duration retryAfter,
      List<Violation> violations) {
    ErrorResponse response =
        ErrorResponse.builder()
            .statusCode(status)
            .errorCode(Optional.ofNullable(code))
            .message(Optional.ofNullable(apiMessage))
            .build();
    if (!violations.isEmpty() || status == 422) {
      return new ServerValidationException(message, response, attempts, false, violations);
    }
    if (status == 401 || status == 403) {
      return new AuthenticationException(message, response, attempts, false, null);
    }
    if (status == 404) return new NotFoundException(message, response, attempts, false, null);
    if (status == 429) {
      return new RateLimitedException(message, response, attempts, retryAfter, false);
    }
    if (status >= 500) return new ServerException(message, response, attempts, false, null);
    return new ApiException(message, response, attempts, false, null);
  }

  /** An in-memory API: records batches, fails as a script says. */
  static class FakeTarget implements ImportTarget<Call> {
    final int maxBatch;
    final long maxBytes;
    final boolean dedup;
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final Map<String, Integer> received = new ConcurrentHashMap<>();
    final AtomicInteger submissions = new AtomicInteger();
    volatile Function<List<Call>, RuntimeException> failure = batch -> null;
    volatile java.util.function.Predicate<List<Call>> earlierAttemptProcessed = batch -> false;
    final List<Boolean> resendFlags = new CopyOnWriteArrayList<>();

    FakeTarget(int maxBatch, long maxBytes, boolean dedup) {
      this.maxBatch = maxBatch;
      this.maxBytes = maxBytes;
      this.dedup = dedup;
    }

    @Override
    public String idOf(Call call) {
      return call.id();
    }

    @Override
    public List<Violation> validate(Call call) {
      return call.id().startsWith("bad")
          ? List.of(
              Violation.of("calls[0].user_email", "must be a valid email address", call.id(), "x"))
          : List.of();
    }

    @Override
    public int maxBatchSize() {
      return maxBatch;
    }

    @Override
    public long maxBatchBytes() {
      return maxBytes;
    }

    @Override
    public long encodedSize(Call call) {
      return call.bytes();
    }

    @Override
    public long envelopeBytes(int calls) {
      return 10 + (calls - 1);
    }

    @Override
    public boolean deduplicatesById() {
      return dedup;
    }

    @Override
    public Submitted submit(List<Call> batch, String idempotencyKey, boolean resendInDoubt) {
      int n = submissions.incrementAndGet();
      resendFlags.add(resendInDoubt);
      RuntimeException fail = failure.apply(batch);
      if (fail != null) throw fail;
      List<String> ids = batch.stream().map(Call::id).toList();
      batches.add(ids);
      ids.forEach(id -> received.merge(id, 1, Integer::sum));
      return Submitted.of(Optional.of("batch_" + n), earlierAttemptProcessed.test(batch));
    }
  }

  BulkImporter.Builder<Call> importer(FakeTarget target) {
    return BulkImporter.builder(target).clock(time).sleeper(time).listener(recorder).concurrency(1);
  }

  Map<OutcomeKind, Long> kinds() {
    return outcomes.stream()
        .collect(Collectors.groupingBy(CallOutcome::kind, Collectors.counting()));
  }

  @Test
  void chunksByCountAndSettlesEveryCallOnce() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);

    ImportReport report = importer(target).batchSize(40).build().run(calls(100));

    assertThat(target.batches).extracting(List::size).containsExactly(40, 40, 20);
    assertThat(report.read()).isEqualTo(100);
    assertThat(report.accepted()).isEqualTo(100);
    assertThat(outcomes).extracting(CallOutcome::callId).doesNotHaveDuplicates().hasSize(100);
    assertThat(outcomes.get(0).batchId()).contains("batch_1");
    assertThat(outcomes.get(99).batchId()).contains("batch_3");
  }

  @Test
  void eachBatchIsFramedByStartAndEndOnItsSendingThreadAfterItsOutcomes() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    List<String> heard = new CopyOnWriteArrayList<>();
    ImportListener listener =
        new ImportListener() {
          @Override
          public void batchStarted(ImportBatch batch) {
            heard.add(
                "start "
                    + batch.number()
                    + " ("
                    + batch.calls()
                    + " calls) on "
                    + Thread.currentThread().getName());
          }

          @Override
          public void onOutcome(CallOutcome outcome) {
            heard.add(outcome.callId() + " " + outcome.kind());
          }

          @Override
          public void batchEnded(ImportBatch batch) {
            heard.add("end " + batch.number() + " on " + Thread.currentThread().getName());
          }
        };

    importer(target).listener(listener).batchSize(2).build().run(calls(3));

    String thread = heard.get(0).substring(heard.get(0).indexOf(" on ") + 4);
    assertThat(heard)
        .containsExactly(
            "start 1 (2 calls) on " + thread,
            "c1 ACCEPTED",
            "c2 ACCEPTED",
            "end 1 on " + thread,
            "start 2 (1 calls) on " + thread,
            "c3 ACCEPTED",
            "end 2 on " + thread);
  }

  @Test
  void chunksByBytesAndRejectsACallThatAloneCannotFit() {
    // Limit 100 bytes: envelope 10 + (n-1) separators + sizes.
    FakeTarget target = new FakeTarget(50, 100, true);
    List<Call> input =
        List.of(
            new Call("a", 40),
            new Call("b", 40),
            new Call("huge", 91),
            new Call("c", 40),
            new Call("d", 5));

    ImportReport report = importer(target).build().run(input.iterator());

    assertThat(target.batches).containsExactly(List.of("a", "b"), List.of("c", "d"));
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.REJECTED)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.callId()).isEqualTo("huge");
              assertThat(o.reason())
                  .contains(
                      "the call alone is 91 bytes of JSON, more than the request limit of 100 bytes");
            });
  }

  @Test
  void invalidCallsAreRejectedWithTheirViolationsAndDoNotHoldUpOthers() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    List<Call> input =
        List.of(new Call("c1", 1), new Call("bad1", 1), new Call("c2", 1), new Call("c1", 1));

    ImportReport report = importer(target).build().run(input.iterator());

    assertThat(target.batches).containsExactly(List.of("c1", "c2"));
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("bad1"))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.violations())
                    .extracting(Violation::path)
                    .containsExactly("calls[0].user_email"));
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.REJECTED && o.callId().equals("c1"))
        .singleElement()
        .satisfies(
            o -> assertThat(o.reason()).contains("the id appears more than once in the input"));
  }

  @Test
  void serverRateLimitPausesAndResendsInsteadOfFailing() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    AtomicInteger limited = new AtomicInteger();
    target.failure =
        batch ->
            limited.getAndIncrement() < 2
                ? answered("HTTP 429", 429, null, null, 3, Duration.ofSeconds(45), List.of())
                : null;

    ImportReport report = importer(target).batchSize(10).build().run(calls(10));

    assertThat(report.accepted()).isEqualTo(10);
    assertThat(target.submissions.get()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(45), Duration.ofSeconds(45));
  }

  @Test
  void rateLimitThatNeverEndsFailsTheBatchAfterTheConfiguredRounds() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure = batch -> answered("HTTP 429", 429, null, null, 3, null, List.of());

    ImportReport report = importer(target).maxRateLimitRounds(2).build().run(calls(3));

    assertThat(report.failed()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
    assertThat(outcomes.get(0).reason())
        .hasValueSatisfying(r -> assertThat(r).startsWith("still rate limited after 2 pauses"));
  }

  @Test
  void serverValidationNamingSomeCallsFailsThoseAndResendsTheRest() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure =
        batch ->
            batch.size() == 4
                ? answered(
                    "HTTP 400 VALIDATION_ERROR",
                    400,
                    "VALIDATION_ERROR",
                    null,
                    1,
                    null,
                    List.of(
                        Violation.of("calls[1]", "audio_url is not accessible", "c2", null),
                        Violation.of("calls[3]", "user_email not found", "c4", null)))
                : null;

    ImportReport report = importer(target).build().run(calls(4));

    assertThat(target.batches).containsExactly(List.of("c1", "c3"));
    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.failed()).isEqualTo(2);
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("c2"))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.reason())
                    .contains("refused by the server: audio_url is not accessible"));
  }

  @Test
  void otherFailuresFailTheWholeBatchWithTheReason() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure =
        batch ->
            batch.get(0).id().equals("c1")
                ? answered("HTTP 400: bad request", 400, null, "bad request", 1, null, List.of())
                : null;

    ImportReport report = importer(target).batchSize(2).build().run(calls(4));

    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.accepted()).isEqualTo(2);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.FAILED)
        .extracting(o -> o.reason().orElseThrow())
        .containsOnly("HTTP 400: bad request");
    assertThat(target.submissions.get()).isEqualTo(2); // a refusal is not sent again
  }

  @Test
  void transientFailuresAreSentAgainWithBackoffUntilAccepted() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    AtomicInteger failures = new AtomicInteger();
    target.failure =
        batch ->
            failures.getAndIncrement() < 3
                ? answered("HTTP 503 (after 3 attempts)", 503, null, null, 3, null, List.of())
                : null;

    ImportReport report =
        importer(target)
            .retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(5))
            .build()
            .run(calls(3));

    assertThat(report.accepted()).isEqualTo(3);
    assertThat(report.possibleDuplicates()).isZero(); // 503s were not processed
    assertThat(time.sleeps())
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
    assertThat(target.resendFlags).containsOnly(true);
  }

  @Test
  void transientFailuresAfterAnAttemptThatMayHaveBeenProcessedEndInDoubtWhenTheBudgetRunsOut() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure = batch -> new RequestInDoubtException("POST timed out", 3, true, null);

    ImportReport report = importer(target).retryBudget(Duration.ofMinutes(1)).build().run(calls(2));

    assertThat(report.inDoubt()).isEqualTo(2);
    assertThat(report.failed()).isZero();
    assertThat(outcomes.get(0).reason())
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .startsWith("gave up after ")
                    .contains("the call may be on the server"));
  }

  @Test
  void atMostOnceNeverResendsAfterDoubtAndARerunLeavesTheCallInDoubtUnsent() throws IOException {
    Path journal = dir.resolve("once.journal");
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
    first.failure = batch -> new RequestInDoubtException("POST timed out", 1, true, null);
    ImportReport one =
        importer(first).delivery(DeliveryMode.AT_MOST_ONCE).journal(journal).build().run(calls(2));
    assertThat(one.inDoubt()).isEqualTo(2);
    assertThat(first.submissions.get()).isEqualTo(1);
    assertThat(first.resendFlags).containsExactly(false);

    outcomes.clear();
    FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, false);
    ImportReport two =
        importer(second).delivery(DeliveryMode.AT_MOST_ONCE).journal(journal).build().run(calls(3));

    assertThat(two.inDoubt()).isEqualTo(2);
    assertThat(two.accepted()).isEqualTo(1);
    assertThat(second.received.keySet()).containsExactly("c3");
  }

  @Test
  void anAcceptanceAfterAnEarlierAttemptMayHaveBeenProcessedIsFlaggedAndJournaledTwice()
      throws IOException {
    Path journal = dir.resolve("twice.journal");
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.earlierAttemptProcessed = batch -> true;
    importer(target).journal(journal).build().run(calls(2));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.possibleDuplicate()).isTrue());
    assertThat(Files.readAllLines(journal)).contains("A\tc1\tbatch_1\ttwice");

    // A rerun skips them and keeps the flag.
    outcomes.clear();
    ImportReport rerun =
        importer(new FakeTarget(100, Long.MAX_VALUE, false)).journal(journal).build().run(calls(2));
    assertThat(rerun.count(OutcomeKind.SKIPPED)).isEqualTo(2);
    assertThat(rerun.possibleDuplicates()).isEqualTo(2);
  }

  @Test
  void anIdRepeatedInALaterBatchIsRejected() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    Stream<Call> input = Stream.concat(calls(25), Stream.of(new Call("c3", 1), new Call("c24", 1)));

    ImportReport report = importer(target).batchSize(10).build().run(input);

    assertThat(report.accepted()).isEqualTo(25);
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(target.received).allSatisfy((id, n) -> assertThat(n).isOne());
  }

  @Test
  void aCancelBeforeRunIsNotLost() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    BulkImporter<Call> importer = importer(target).build();

    importer.cancel();
    ImportReport first = importer.run(calls(5));
    ImportReport second = importer.run(calls(5));

    assertThat(first.cancelled()).isTrue();
    assertThat(first.accepted()).isZero();
    assertThat(target.submissions.get()).isEqualTo(1); // only the second run sent anything
    assertThat(second.cancelled()).isFalse();
    assertThat(second.accepted()).isEqualTo(5);
  }

  @Test
  void cancelWakesARateLimitPauseAtOnce() throws Exception {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure =
        batch -> answered("HTTP 429", 429, null, null, 1, Duration.ofHours(1), List.of());
    java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);
    FakeTarget counting =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public Submitted submit(List<Call> batch, String idempotencyKey, boolean resendInDoubt) {
            try {
              return target.submit(batch, idempotencyKey, resendInDoubt);
            } finally {
              refused.countDown();
            }
          }
        };
    Path journal = dir.resolve("cancel.journal");
    // The system sleeper: a real hour's pause, which only the cancel can end (no thread is
    // interrupted).
    BulkImporter<Call> importer =
        BulkImporter.builder(counting)
            .listener(recorder)
            .concurrency(1)
            .journal(journal)
            .sleeper(dev.callingest.Sleeper.SYSTEM)
            .build();
    java.util.concurrent.CompletableFuture<ImportReport> run =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> importer.run(calls(3)));

    assertThat(refused.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    importer.cancel();
    ImportReport report = run.get(30, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(report.cancelled()).isTrue();
    assertThat(report.count(OutcomeKind.CANCELLED)).isEqualTo(3); // 429 means not processed
    // Written after the cancel: the journal must still take it, and a rerun must not see doubt.
    assertThat(Files.readAllLines(journal))
        .contains("F\tc1\tthe import was cancelled before the call was sent");
  }

  @Test
  void resumeWithTheJournalSkipsAcceptedCallsAndSendsTheRestExactlyOnce() throws IOException {
    Path journal = dir.resolve("import.journal");
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, true);
    first.failure =
        batch ->
            batch.get(0).id().equals("c21")
                ? answered("HTTP 503", 503, null, null, 3, null, List.of())
                : null;
    ImportReport one = importer(first).batchSize(10).journal(journal).build().run(calls(30));
    assertThat(one.accepted()).isEqualTo(20);
    assertThat(one.failed()).isEqualTo(10);

    outcomes.clear();
    FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, true);
    ImportReport two = importer(second).batchSize(10).journal(journal).build().run(calls(30));

    assertThat(two.count(OutcomeKind.SKIPPED)).isEqualTo(20);
    assertThat(two.accepted()).isEqualTo(10);
    assertThat(second.received.keySet())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(21, 30).mapToObj(i -> "c" + i).toList());
    Map<String, Integer> union = new java.util.HashMap<>(first.received);
    second.received.forEach((id, n) -> union.merge(id, n, Integer::sum));
    assertThat(union).hasSize(30).allSatisfy((id, n) -> assertThat(n).isOne());
  }

  @Test
  void callsInFlightAtACrashAreSentAgainAndMarkedAsPossibleDuplicates() throws IOException {
    Path journal = dir.resolve("crash.journal");
    // A run that crashed: c1..c3 accepted, c4..c6 submitted with no answer, and a torn last line.
    Files.writeString(
        journal,
        "# callingest-journal v1\n"
            + "P\tc1\nP\tc2\nP\tc3\nA\tc1\tbatch_1\tonce\nA\tc2\tbatch_1\tonce\nA\tc3\tbatch_1\tonce\n"
            + "P\tc4\nP\tc5\nP\tc6\nA\tc6\tbat",
        StandardCharsets.UTF_8);
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);

    ImportReport report = importer(target).journal(journal).build().run(calls(8));

    assertThat(target.batches).containsExactly(List.of("c4", "c5", "c6", "c7", "c8"));
    assertThat(report.count(OutcomeKind.SKIPPED)).isEqualTo(3);
    assertThat(report.possibleDuplicates()).isEqualTo(3);
    assertThat(outcomes)
        .filteredOn(CallOutcome::possibleDuplicate)
        .extracting(CallOutcome::callId)
        .containsExactly("c4", "c5", "c6");
    List<String> lines = Files.readAllLines(journal);
    assertThat(lines)
        .doesNotContain("A\tc6\tbat")
        .contains("P\tc6", "A\tc4\tbatch_1\ttwice", "A\tc7\tbatch_1\tonce");
  }

  @Test
  void aDeduplicatingApiIsNotToldOfDuplicates() throws IOException {
    Path journal = dir.resolve("dedup.journal");
    Files.writeString(journal, "# callingest-journal v1\nP\tc1\n", StandardCharsets.UTF_8);
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, true);

    ImportReport report = importer(target).journal(journal).build().run(calls(2));

    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.possibleDuplicates()).isZero();
  }

  @Test
  void inDoubtFailuresAreJournaledSoARerunFlagsThem() throws IOException {
    Path journal = dir.resolve("doubt.journal");
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
    first.failure =
        batch ->
            new RequestInDoubtException(
                "POST timed out; may or may not have accepted it", 3, true, null);
    importer(first).journal(journal).build().run(calls(2));

    outcomes.clear();
    ImportReport second =
        importer(new FakeTarget(100, Long.MAX_VALUE, false)).journal(journal).build().run(calls(2));

    assertThat(second.possibleDuplicates()).isEqualTo(2);
  }

  @Test
  void aCorruptLineBeforeTheLastIsAnError() throws IOException {
    Path journal = dir.resolve("corrupt.journal");
    Files.writeString(
        journal, "# callingest-journal v1\nZ\tc1\nA\tc2\tb\tonce\n", StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                importer(new FakeTarget(100, Long.MAX_VALUE, false))
                    .journal(journal)
                    .build()
                    .run(calls(1)))
        .hasMessageContaining("line 2 is not a journal record");
  }

  @Test
  void cancellationSettlesWhatWasReadAndStopsReading() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    BulkImporter<Call>[] holder = new BulkImporter[1];
    AtomicInteger pulled = new AtomicInteger();
    Iterator<Call> input =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true; // endless
          }

          @Override
          public Call next() {
            int n = pulled.incrementAndGet();
            if (n == 25) holder[0].cancel();
            return new Call("c" + n, 1);
          }
        };
    holder[0] = importer(target).batchSize(10).build();

    ImportReport report = holder[0].run(input);

    assertThat(report.cancelled()).isTrue();
    assertThat(report.read()).isEqualTo(25);
    // The first batch went out; the second may or may not have been sent before the cancel.
    assertThat(report.accepted()).isIn(10L, 20L);
    assertThat(report.accepted() + report.count(OutcomeKind.CANCELLED)).isEqualTo(25);
    assertThat(target.received).hasSize((int) report.accepted());
    assertThat(outcomes).hasSize(25);
  }

  @Test
  void reportsProgressWithAnEstimateBoundedByPacing() {
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public java.util.OptionalDouble pacedCallsPerSecond(int batchSize) {
            return java.util.OptionalDouble.of(0.5); // one call every 2 s
          }

          @Override
          public Submitted submit(List<Call> batch, String key, boolean resendInDoubt) {
            time.advance(Duration.ofSeconds(1));
            return super.submit(batch, key, resendInDoubt);
          }
        };
    List<ImportProgress> progress = new CopyOnWriteArrayList<>();
    ImportListener listener =
        new ImportListener() {
          @Override
          public void onProgress(ImportProgress p) {
            progress.add(p);
          }
        };

    BulkImporter.builder(target)
        .clock(time)
        .sleeper(time)
        .concurrency(1)
        .batchSize(10)
        .expectedTotal(40)
        .progressInterval(Duration.ofMillis(500))
        .listener(listener)
        .build()
        .run(calls(40));

    // Snapshots come from the reading thread and the submitting one, so which comes first is not
    // fixed; each must hold the rule: the larger of what the observed rate and the pacing (a call
    // every 2 s) say about the calls left.
    assertThat(progress)
        .isNotEmpty()
        .allSatisfy(
            p -> {
              long remaining = 40 - p.settled();
              double byPacing = remaining * 2.0;
              double expected =
                  p.callsPerSecond() > 0
                      ? Math.max(remaining / p.callsPerSecond(), byPacing)
                      : byPacing;
              assertThat(p.estimatedRemaining())
                  .hasValueSatisfying(
                      eta ->
                          assertThat(eta.toMillis())
                              .isCloseTo(
                                  (long) (expected * 1000),
                                  org.assertj.core.data.Offset.offset(1L)));
            });
    // And pacing, not the observed rate, is what bounds it once calls are flowing.
    assertThat(progress)
        .anySatisfy(
            p -> {
              assertThat(p.settled()).isBetween(1L, 39L);
              assertThat((40 - p.settled()) / p.callsPerSecond())
                  .isLessThan((40 - p.settled()) * 2.0);
            });
    ImportProgress last = progress.get(progress.size() - 1);
    assertThat(last.settled()).isEqualTo(40);
    assertThat(last.accepted()).isEqualTo(40);
    assertThat(last.estimatedRemaining()).contains(Duration.ZERO);
  }

  @Test
  void progressCountsCallsInDoubtApartFromFailedOnes() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.failure =
        batch ->
            switch (batch.get(0).id()) {
              case "c2", "c4" -> new RequestInDoubtException("POST timed out", 1, true, null);
              case "c3" -> answered("HTTP 400", 400, null, null, 1, null, List.of());
              default -> null;
            };
    List<ImportProgress> progress = new CopyOnWriteArrayList<>();
    ImportListener listener =
        new ImportListener() {
          @Override
          public void onProgress(ImportProgress p) {
            progress.add(p);
          }
        };

    ImportReport report =
        BulkImporter.builder(target)
            .clock(time)
            .sleeper(time)
            .concurrency(1)
            .batchSize(1)
            .delivery(DeliveryMode.AT_MOST_ONCE)
            .listener(listener)
            .build()
            .run(calls(5));

    assertThat(report.inDoubt()).isEqualTo(2);
    ImportProgress last = progress.get(progress.size() - 1);
    assertThat(last.settled()).isEqualTo(5);
    assertThat(last.accepted()).isEqualTo(2);
    assertThat(last.failed()).isEqualTo(1);
    assertThat(last.inDoubt()).isEqualTo(2);
  }

  @Test
  void concurrentSubmissionsStillSettleEveryCallExactlyOnce() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    java.util.Random random = new java.util.Random(7);
    target.failure =
        batch -> {
          synchronized (random) {
            return random.nextInt(4) == 0
                ? answered("HTTP 400", 400, null, null, 1, null, List.of())
                : null;
          }
        };

    ImportReport report =
        BulkImporter.builder(target)
            .concurrency(4)
            .batchSize(7)
            .listener(recorder)
            .build()
            .run(calls(1000));

    assertThat(report.read()).isEqualTo(1000);
    assertThat(report.accepted() + report.failed()).isEqualTo(1000);
    assertThat(report.failed()).isPositive();
    assertThat(outcomes).extracting(CallOutcome::callId).doesNotHaveDuplicates().hasSize(1000);
    assertThat(target.received).hasSize((int) report.accepted());
  }

  @Test
  void importsAMillionCallsInASmallHeapInAForkedJvm() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx48m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                BoundedMemoryMain.class.getName(),
                "1000000")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("accepted=1000000 submissions=10000");
  }

  @Test
  void theForkedJvmFailsWhenCallsAreRetained() throws Exception {
    // The control for the test above: keeping every call breaks the same heap.
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx48m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                BoundedMemoryMain.class.getName(),
                "1000000",
                "retain")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isNotZero();
    assertThat(output).contains("OutOfMemoryError");
  }

  @Test
  void aFailingInputStillSettlesEveryCallReadBeforeTheFailure() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    Iterator<Call> input =
        IntStream.rangeClosed(1, 25)
            .mapToObj(
                i -> {
                  if (i == 25) throw new IllegalStateException("row 25 is unreadable");
                  return new Call("c" + i, 1);
                })
            .iterator();

    assertThatThrownBy(() -> importer(target).batchSize(10).build().run(input))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("row 25 is unreadable");

    assertThat(outcomes).hasSize(24);
    assertThat(kinds())
        .containsEntry(OutcomeKind.ACCEPTED, 20L)
        .containsEntry(OutcomeKind.CANCELLED, 4L);
  }

  @Test
  void aCallTheAdapterCannotCheckIsRejectedAlone() {
    FakeTarget target =
        new FakeTarget(100, Long.MAX_VALUE, false) {
          @Override
          public List<Violation> validate(Call call) {
            if (call.id().equals("c2")) throw new NullPointerException("audioUrl == null");
            return super.validate(call);
          }
        };

    ImportReport report = importer(target).build().run(calls(3));

    assertThat(report.accepted()).isEqualTo(2);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.REJECTED)
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.reason())
                    .contains(
                        "the call could not be checked: java.lang.NullPointerException: audioUrl == null"));
  }

  @Test
  void refusesToRunTwiceAtOnceAndChecksItsOptions() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    assertThatThrownBy(() -> BulkImporter.builder(target).batchSize(101))
        .hasMessage("batchSize must be between 1 and 100: 101");
    assertThatThrownBy(() -> BulkImporter.builder(target).concurrency(0))
        .hasMessage("concurrency must be between 1 and 16: 0");
    assertThat(Collections.emptyList()).isEmpty();
  }
}
