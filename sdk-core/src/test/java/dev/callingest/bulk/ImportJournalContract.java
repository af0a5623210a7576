package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.callingest.FakeTime;
import dev.callingest.RequestInDoubtException;
import dev.callingest.Sleeper;
import dev.callingest.bulk.BulkImporterTest.Call;
import dev.callingest.bulk.BulkImporterTest.FakeTarget;
import dev.callingest.bulk.JournalEvent.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ImportJournal} must do, run against the file journal and the JDBC journal on H2
 * and PostgreSQL: keep events in order with every field, and give the importer the same resume.
 */
abstract class ImportJournalContract {
  final FakeTime time = new FakeTime();
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();

  /** A journal of a fresh import; every call within one test returns the same import. */
  abstract ImportJournal journal();

  static Stream<Call> calls(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> new Call("c" + i, 10));
  }

  BulkImporter.Builder<Call> importer(FakeTarget target) {
    return BulkImporter.builder(target)
        .clock(time)
        .sleeper(time)
        .concurrency(1)
        .journal(journal())
        .listener(
            new ImportListener() {
              @Override
              public void onOutcome(CallOutcome outcome) {
                outcomes.add(outcome);
              }
            });
  }

  List<JournalEvent> replay() {
    List<JournalEvent> events = new ArrayList<>();
    journal().open(events::add).close();
    return events;
  }

  void write(JournalEvent... events) {
    try (ImportJournal.Session session = journal().open(event -> {})) {
      session.append(List.of(events));
    }
  }

  @Test
  void anEmptyJournalReplaysNothing() {
    assertThat(replay()).isEmpty();
  }

  @Test
  void replaysEveryEventInOrderWithEveryField() {
    List<JournalEvent> written =
        List.of(
            JournalEvent.submitting("a"),
            JournalEvent.of(Type.ACCEPTED, "a", "batch_1", true, null),
            JournalEvent.submitting("b\twith\ttabs"),
            JournalEvent.of(Type.COMPLETED, "b\twith\ttabs", "batch_2", false, null),
            JournalEvent.of(
                Type.PROCESSING_FAILED, "c", "batch_3", false, "audio\nunreadable \\ twice"),
            JournalEvent.of(
                Type.REJECTED, "d", null, false, "calls[0].user_email must be an email"),
            JournalEvent.of(Type.NOT_DELIVERED, "e", null, false, "HTTP 400"),
            JournalEvent.of(Type.IN_DOUBT, "f", null, false, "timed out"));
    write(written.subList(0, 3).toArray(JournalEvent[]::new));
    write(written.subList(3, written.size()).toArray(JournalEvent[]::new));

    assertThat(replay()).containsExactlyElementsOf(written);
  }

  @Test
  void reasonsKeepNoUrlPathOrQuery() {
    write(
        JournalEvent.of(
            Type.NOT_DELIVERED,
            "a",
            null,
            false,
            "cannot fetch https://bucket.example/x.mp3?X-Amz-Signature=secret123"));

    assertThat(replay().get(0).reason())
        .hasValueSatisfying(
            reason ->
                assertThat(reason).doesNotContain("secret123").contains("https://bucket.example"));
  }

  @Test
  void loadsIntoTheStatesTheFileFormatDocuments() {
    write(
        JournalEvent.submitting("a"),
        JournalEvent.of(Type.IN_DOUBT, "a", null, false, "dropped"),
        JournalEvent.submitting("b"),
        JournalEvent.of(Type.NOT_DELIVERED, "b", null, false, "503"),
        JournalEvent.submitting("c"),
        JournalEvent.of(Type.ACCEPTED, "c", "b1", true, null),
        JournalEvent.submitting("d"),
        JournalEvent.of(Type.IN_DOUBT, "d", null, false, "x"),
        JournalEvent.submitting("d"),
        JournalEvent.of(Type.NOT_DELIVERED, "d", null, false, "400"),
        JournalEvent.submitting("e"),
        JournalEvent.submitting("f"),
        JournalEvent.submitting("f"),
        JournalEvent.of(Type.ACCEPTED, "f", "b2", false, null),
        JournalEvent.of(Type.REJECTED, "g", null, false, "bad"));
    IdStates states = new IdStates();

    journal().open(states::apply).close();
    states.openBecomesDoubt();

    assertThat(states.has("a", IdStates.DOUBT)).isTrue();
    assertThat(states.get("b") & (IdStates.DOUBT | IdStates.DONE)).isZero();
    assertThat(states.has("c", IdStates.DONE_TWICE)).isTrue();
    assertThat(states.has("d", IdStates.DOUBT)).isTrue();
    assertThat(states.has("e", IdStates.DOUBT)).isTrue();
    assertThat(states.has("e", IdStates.OPEN)).isFalse();
    assertThat(states.has("f", IdStates.DONE)).isTrue();
    assertThat(states.has("f", IdStates.DOUBT)).isTrue();
    assertThat(states.get("g")).isEqualTo(IdStates.PRESENT);
  }

  @Test
  void aRerunSkipsAcceptedCallsAndSendsTheRestExactlyOnce() {
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
    first.failure =
        batch ->
            batch.get(0).id().equals("c21")
                ? BulkImporterTest.answered("HTTP 400", 400, null, null, 1, null, List.of())
                : null;
    ImportReport one = importer(first).batchSize(10).build().run(calls(30));
    assertThat(one.accepted()).isEqualTo(20);
    assertThat(one.failed()).isEqualTo(10);

    outcomes.clear();
    FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, false);
    ImportReport two = importer(second).batchSize(10).build().run(calls(30));

    assertThat(two.count(OutcomeKind.SKIPPED)).isEqualTo(20);
    assertThat(two.accepted()).isEqualTo(10);
    assertThat(two.possibleDuplicates()).isZero();
    Map<String, Integer> union = new HashMap<>(first.received);
    second.received.forEach((id, n) -> union.merge(id, n, Integer::sum));
    assertThat(union).hasSize(30).allSatisfy((id, n) -> assertThat(n).isOne());
  }

  @Test
  void callsInFlightWhenARunDiedAreSentAgainAndFlagged() {
    write(
        JournalEvent.submitting("c1"),
        JournalEvent.submitting("c2"),
        JournalEvent.submitting("c3"),
        JournalEvent.of(Type.ACCEPTED, "c1", "batch_1", false, null),
        JournalEvent.of(Type.ACCEPTED, "c2", "batch_1", false, null),
        JournalEvent.of(Type.ACCEPTED, "c3", "batch_1", false, null),
        JournalEvent.submitting("c4"),
        JournalEvent.submitting("c5"),
        JournalEvent.submitting("c6"));
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);

    ImportReport report = importer(target).build().run(calls(8));

    assertThat(target.batches).containsExactly(List.of("c4", "c5", "c6", "c7", "c8"));
    assertThat(report.count(OutcomeKind.SKIPPED)).isEqualTo(3);
    assertThat(outcomes)
        .filteredOn(CallOutcome::possibleDuplicate)
        .extracting(CallOutcome::callId)
        .containsExactly("c4", "c5", "c6");
    assertThat(replay())
        .contains(
            JournalEvent.of(Type.ACCEPTED, "c4", "batch_1", true, null),
            JournalEvent.of(Type.ACCEPTED, "c7", "batch_1", false, null));
  }

  @Test
  void atMostOnceLeavesCallsInDoubtUnsentOnARerun() {
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
    first.failure = batch -> new RequestInDoubtException("POST timed out", 1, true, null);
    ImportReport one = importer(first).delivery(DeliveryMode.AT_MOST_ONCE).build().run(calls(2));
    assertThat(one.inDoubt()).isEqualTo(2);

    FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, false);
    ImportReport two = importer(second).delivery(DeliveryMode.AT_MOST_ONCE).build().run(calls(3));

    assertThat(two.inDoubt()).isEqualTo(2);
    assertThat(second.received.keySet()).containsExactly("c3");
  }

  @Test
  void anAcceptanceThatMayBeADuplicateKeepsItsFlagWhenSkipped() {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    target.earlierAttemptProcessed = batch -> true;
    importer(target).build().run(calls(2));

    outcomes.clear();
    ImportReport rerun = importer(new FakeTarget(100, Long.MAX_VALUE, false)).build().run(calls(2));

    assertThat(rerun.count(OutcomeKind.SKIPPED)).isEqualTo(2);
    assertThat(rerun.possibleDuplicates()).isEqualTo(2);
  }

  @Test
  void aCancelledRunStillJournalsItsOutcomes() throws Exception {
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, false);
    CountDownLatch refused = new CountDownLatch(1);
    target.failure =
        batch -> {
          refused.countDown();
          return BulkImporterTest.answered(
              "HTTP 429", 429, null, null, 1, Duration.ofHours(1), List.of());
        };
    // The system sleeper: a real hour's pause, which only the cancel can end (no thread is
    // interrupted).
    BulkImporter<Call> importer =
        BulkImporter.builder(target)
            .concurrency(1)
            .journal(journal())
            .sleeper(Sleeper.SYSTEM)
            .build();
    CompletableFuture<ImportReport> run =
        CompletableFuture.supplyAsync(() -> importer.run(calls(3)));

    assertThat(refused.await(30, TimeUnit.SECONDS)).isTrue();
    importer.cancel();
    ImportReport report = run.get(30, TimeUnit.SECONDS);

    assertThat(report.count(OutcomeKind.CANCELLED)).isEqualTo(3);
    // Written after the cancel: a rerun must see the calls as not delivered, not in doubt.
    assertThat(replay())
        .contains(
            JournalEvent.of(
                Type.NOT_DELIVERED,
                "c1",
                null,
                false,
                "the import was cancelled before the call was sent"));
  }

  @Test
  void aDeduplicatingApiIsNotToldOfDuplicates() {
    write(JournalEvent.submitting("c1"));
    FakeTarget target = new FakeTarget(100, Long.MAX_VALUE, true);

    ImportReport report = importer(target).build().run(calls(2));

    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.possibleDuplicates()).isZero();
  }

  /**
   * A journal that stops taking writes after {@code good} appends: the importer sends nothing whose
   * submission it could not journal, ends those calls FAILED, stops reading and throws; a rerun
   * over the journal (writable again) settles every call truthfully.
   */
  @Test
  void aJournalThatCannotBeWrittenFailsClosedAndARerunIsTruthful() {
    FakeTarget first = new FakeTarget(100, Long.MAX_VALUE, false);
    AtomicInteger appends = new AtomicInteger();
    // Appends: P(batch 1), A(batch 1), P(batch 2), then the journal is gone: A(batch 2) fails.
    ImportJournal failing = failingAfter(journal(), 3, appends);
    BulkImporter<Call> importer =
        BulkImporter.builder(first)
            .clock(time)
            .sleeper(time)
            .concurrency(1)
            .batchSize(5)
            .journal(failing)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build();

    Throwable thrown = catchThrowable(() -> importer.run(calls(40)));
    assertThat(thrown)
        .isInstanceOf(ImportJournalException.class)
        .hasMessageContaining("journal unreachable");
    // The exceptions are immutable: run() throws a copy of the journal's failure with the report.
    ImportJournalException failure = (ImportJournalException) thrown;
    assertThat(failure.report())
        .hasValueSatisfying(
            report -> {
              assertThat(report.read()).isEqualTo(outcomes.size());
              assertThat(report.counts().values().stream().mapToLong(Long::longValue).sum())
                  .isEqualTo(report.read());
              assertThat(report.counts().get(OutcomeKind.ACCEPTED)).isEqualTo(10L);
            });

    // Batches 1 and 2 went out and are accepted; nothing after them was sent.
    assertThat(first.batches).hasSize(2);
    assertThat(outcomes).filteredOn(o -> o.kind() == OutcomeKind.ACCEPTED).hasSize(10);
    assertThat(outcomes)
        .filteredOn(o -> o.kind() == OutcomeKind.FAILED)
        .isNotEmpty()
        .allSatisfy(
            o -> {
              assertThat(o.reason())
                  .hasValueSatisfying(
                      r ->
                          assertThat(r)
                              .startsWith(
                                  "not sent: the import journal could not record the submission")
                              .contains("journal unreachable"));
              assertThat(first.received).doesNotContainKey(o.callId());
            });
    assertThat(outcomes)
        .hasSize(outcomes.stream().map(CallOutcome::callId).distinct().toList().size());

    outcomes.clear();
    FakeTarget second = new FakeTarget(100, Long.MAX_VALUE, false);
    ImportReport rerun = importer(second).batchSize(5).build().run(calls(40));

    // Batch 1 was journaled as accepted; batch 2's acceptance was not, so it is sent again,
    // flagged.
    assertThat(rerun.count(OutcomeKind.SKIPPED)).isEqualTo(5);
    assertThat(rerun.accepted()).isEqualTo(35);
    assertThat(outcomes)
        .filteredOn(CallOutcome::possibleDuplicate)
        .extracting(CallOutcome::callId)
        .containsExactlyInAnyOrder("c6", "c7", "c8", "c9", "c10");
    Map<String, Integer> union = new HashMap<>(first.received);
    second.received.forEach((id, n) -> union.merge(id, n, Integer::sum));
    assertThat(union).hasSize(40);
    union.forEach(
        (id, n) -> {
          boolean flagged =
              outcomes.stream().anyMatch(o -> o.callId().equals(id) && o.possibleDuplicate());
          assertThat(n > 1).as(id + " held " + n + " times").isEqualTo(flagged);
        });
  }

  /** Wraps {@code journal} so that every append after the first {@code good} throws. */
  static ImportJournal failingAfter(ImportJournal journal, int good, AtomicInteger appends) {
    return new ImportJournal() {
      @Override
      public Session open(Consumer<? super JournalEvent> replay) {
        Session real = journal.open(replay);
        return new Session() {
          @Override
          public void append(List<JournalEvent> events) {
            if (appends.incrementAndGet() > good) {
              throw new ImportJournalException("journal unreachable", null);
            }
            real.append(events);
          }

          @Override
          public void close() {
            real.close();
          }
        };
      }
    };
  }
}
